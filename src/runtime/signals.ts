import { isatty } from "node:tty";

/** True when file descriptor `fd` of this process is a terminal (node:tty, which both runtimes provide). */
export function isTerminalFd(fd: 0 | 1 | 2): boolean {
  return isatty(fd);
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** What interrupted: a signal, or EPIPE when the reader of our stdout went away. */
export type Interruption = (typeof SIGNALS)[number] | "EPIPE";

/**
 * Calls `handler` once when the user interrupts (SIGINT, SIGTERM, SIGHUP) or the reader of our
 * stdout goes away (EPIPE: `dokku logs -t | head`, which a SIGPIPE would report in C). While
 * registered, these no longer end the process: the caller stops its work and returns. The
 * returned function unregisters.
 */
export function onInterrupt(handler: (reason: Interruption) => void): () => void {
  let fired = false;
  const fire = (reason: Interruption) => {
    if (fired) return;
    fired = true;
    handler(reason);
  };
  const onSignal = SIGNALS.map((signal) => [signal, () => fire(signal)] as const);
  const onError = (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") fire("EPIPE");
  };
  for (const [signal, listener] of onSignal) process.on(signal, listener);
  process.stdout.on("error", onError);
  return () => {
    for (const [signal, listener] of onSignal) process.off(signal, listener);
    process.stdout.off("error", onError);
  };
}
