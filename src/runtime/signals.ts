import { isatty } from "node:tty";

/** True when file descriptor `fd` of this process is a terminal (node:tty, which both runtimes provide). */
export function isTerminalFd(fd: 0 | 1 | 2): boolean {
  return isatty(fd);
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Calls `handler` once when the user interrupts (SIGINT, SIGTERM, SIGHUP) or the reader of our
 * stdout goes away (EPIPE: `dokku logs -t | head`, which a SIGPIPE would report in C). While
 * registered, these no longer end the process: the caller stops its work and returns. The
 * returned function unregisters.
 */
export function onInterrupt(handler: () => void): () => void {
  let fired = false;
  const fire = () => {
    if (fired) return;
    fired = true;
    handler();
  };
  const onError = (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") fire();
  };
  for (const signal of SIGNALS) process.on(signal, fire);
  process.stdout.on("error", onError);
  return () => {
    for (const signal of SIGNALS) process.off(signal, fire);
    process.stdout.off("error", onError);
  };
}
