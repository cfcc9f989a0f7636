import { isatty } from "node:tty";

/** True when file descriptor `fd` of this process is a terminal (node:tty, which both runtimes provide). */
export function isTerminalFd(fd: 0 | 1 | 2): boolean {
  return isatty(fd);
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** The signal that interrupted. */
export type Interruption = (typeof SIGNALS)[number];

/**
 * Calls `handler` once when the user interrupts (SIGINT, SIGTERM, SIGHUP). While registered,
 * these no longer end the process: the caller stops its work and returns. The returned function
 * unregisters. (A reader that went away, `dokku logs -t | head`, ends the process with 141:
 * reader-gone.ts.)
 */
export function onInterrupt(handler: (reason: Interruption) => void): () => void {
  let fired = false;
  const fire = (reason: Interruption) => {
    if (fired) return;
    fired = true;
    handler(reason);
  };
  const onSignal = SIGNALS.map((signal) => [signal, () => fire(signal)] as const);
  for (const [signal, listener] of onSignal) process.on(signal, listener);
  return () => {
    for (const [signal, listener] of onSignal) process.off(signal, listener);
  };
}
