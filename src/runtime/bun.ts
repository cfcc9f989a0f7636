import { pathToFileURL } from "node:url";
import type { Runtime } from "./runtime.ts";

/** The only file that touches `Bun`. */
export function createBunRuntime(): Runtime {
  const compiled = isCompiledBinary();
  // Compiled: argv = [binary, "/$bunfs/root/..", ...user]; bun run: [bun, script, ...user].
  const user = process.argv.slice(2);
  const self: [string, ...string[]] = compiled
    ? [process.execPath]
    : [process.execPath, process.argv[1] ?? "src/main.ts"];
  return {
    name: "bun",
    argv: user,
    self,
    env: () => ({ ...(process.env as Record<string, string>) }),
    importModule: (path) => import(pathToFileURL(path).href),
    isCompiled: () => compiled,
    exit: (code) => process.exit(code),
  };
}

function isCompiledBinary(): boolean {
  const main = Bun.main;
  return main.startsWith("/$bunfs/") || main.startsWith("B:/~BUN/");
}
