import { basename } from "node:path";
import { pathToFileURL } from "node:url";
import type { Runtime } from "./runtime.ts";
import { isTerminalFd, onInterrupt } from "./signals.ts";

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
    invokedAs: compiled ? basename(process.argv0) : (process.env.DOKKU_INVOKED_AS ?? "dokku"),
    env: () => ({ ...(process.env as Record<string, string>) }),
    importModule: (path) => import(pathToFileURL(path).href),
    isCompiled: () => compiled,
    exit: exitWhenFlushed,
    isTerminal: isTerminalFd,
    onInterrupt,
  };
}

function isCompiledBinary(): boolean {
  const main = Bun.main;
  return main.startsWith("/$bunfs/") || main.startsWith("B:/~BUN/");
}

/**
 * Bun's process.exit() drops output still queued for a pipe (a 1 MB `config:get | wc -c` saw
 * 64-128 KB), and waiting for "drain" does not help. So the exit code is set and the event loop
 * allowed to end by itself; a fallback timer, which does not keep the loop alive, ends the process
 * if some handle (a keep-alive socket) would hold it open once nothing is left to write.
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  const fallback = () => {
    if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
    else setTimeout(fallback, 100).unref();
  };
  setTimeout(fallback, 2_000).unref();
}
