import { hostname } from "node:os";
import { processAlive, processStart } from "./process.ts";

/** What a lock file says about its holder. `pid: 0` marks a manual lock (`apps:lock`). */
export interface LockHolder {
  pid: number;
  start: string;
  host: string;
  command: string;
  since: string;
}

/** This process (or `pid`, a parent dokku process) as a holder record. */
export function describeSelf(command: string, pid: number): LockHolder {
  return { pid, start: pid ? processStart(pid) : "", host: hostname(), command, since: new Date().toISOString() };
}

/**
 * The holder is the first line of a lock file; recoverers append claim lines below it. Our
 * records are JSON; anything else is a file Dokku wrote. Undefined when the first line is empty.
 */
export function parseHolder(text: string): LockHolder | undefined {
  const first = text.split("\n", 1)[0] ?? "";
  try {
    const parsed = JSON.parse(first) as Partial<LockHolder>;
    if (typeof parsed.pid === "number") {
      return { pid: parsed.pid, start: parsed.start ?? "", host: parsed.host ?? "", command: parsed.command ?? "", since: parsed.since ?? "" };
    }
  } catch {
    // not ours: a file Dokku wrote, below
  }
  return dokkuHolder(first);
}

/**
 * dokku-compat: Dokku writes its deploy lock as a bare PID (or a build id) and holds it with
 * flock, so a file left by a crashed deploy locks nothing there. A PID is checked like ours; a
 * build id is such a leftover (stale); an empty file is `apps:lock`'s manual lock.
 */
function dokkuHolder(text: string): LockHolder | undefined {
  const content = text.trim();
  if (content === "") return undefined;
  const pid = /^\d+$/.test(content) ? Number(content) : -1;
  return { pid, start: "", host: hostname(), command: "dokku", since: "" };
}

/** True when the holder ran on this host and its process no longer exists. */
export function isStale(holder: LockHolder | undefined): boolean {
  if (!holder || holder.pid === 0 || holder.host !== hostname()) return false;
  return holder.pid < 0 || !processAlive(holder.pid, holder.start);
}
