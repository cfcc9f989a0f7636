/**
 * The seam between our code and the JavaScript runtime. Everything Bun-only or Deno-only
 * lives behind this interface; the rest of the tree uses web standards and `node:` APIs.
 */
export interface Runtime {
  readonly name: "bun" | "deno";
  /** User arguments only (no runtime executable, no script path). */
  readonly argv: readonly string[];
  /** The argv prefix that starts this program again (compiled binary, or runtime + script). */
  readonly self: readonly [string, ...string[]];
  /** A copy of the process environment. */
  env(): Record<string, string>;
  /** Loads an external plugin module from an absolute path at run time. */
  importModule(absolutePath: string): Promise<unknown>;
  /**
   * The name this program was started as: a compiled binary answers to its link names (`plugn`,
   * `sigil`, busybox style); a source run is told by `DOKKU_INVOKED_AS` (the wrappers set it).
   */
  readonly invokedAs: string;
  /** True when running as a `bun build --compile` executable. */
  isCompiled(): boolean;
  /** Ends the process with `code` once everything written to stdout and stderr has been delivered. */
  exit(code: number): void;
  /** True when stdin (0), stdout (1) or stderr (2) is a terminal: decides whether `run`/`enter` get a TTY. */
  isTerminal(fd: 0 | 1 | 2): boolean;
  /**
   * Runs `handler` once on SIGINT/SIGTERM/SIGHUP instead of the process dying mid-stream
   * (`logs -t`). Returns the function that unregisters it.
   */
  onInterrupt(handler: (reason: "SIGINT" | "SIGTERM" | "SIGHUP") => void): () => void;
}
