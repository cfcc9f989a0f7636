import { pathToFileURL } from "node:url";
import type { Runtime } from "./runtime.ts";
import { onInterrupt } from "./signals.ts";

// A minimal ambient declaration of the members we use, so tsc needs no Deno lib.
declare const Deno: {
  args: string[];
  execPath(): string;
  mainModule: string;
  env: { toObject(): Record<string, string> };
  exit(code: number): never;
  stdin: { isTerminal(): boolean };
  stdout: { isTerminal(): boolean };
  stderr: { isTerminal(): boolean };
};

/** The only file that touches `Deno`. */
export function createDenoRuntime(): Runtime {
  const main = new URL(Deno.mainModule);
  return {
    name: "deno",
    argv: [...Deno.args],
    self: [Deno.execPath(), "run", "-A", main.protocol === "file:" ? main.pathname : Deno.mainModule],
    invokedAs: Deno.env.toObject().DOKKU_INVOKED_AS ?? "dokku",
    env: () => Deno.env.toObject(),
    importModule: (path) => import(pathToFileURL(path).href),
    isCompiled: () => false,
    exit: (code) => Deno.exit(code),
    isTerminal: (fd) => [Deno.stdin, Deno.stdout, Deno.stderr][fd]!.isTerminal(),
    onInterrupt,
  };
}
