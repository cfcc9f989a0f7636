import { readFileSync } from "node:fs";

/**
 * Process liveness from /proc, shared by the lock (dead holders), build records (dead runners)
 * and the git runner (a receive-pack that went away).
 */

/** Fields of `/proc/<pid>/stat` after the command name: [0] state, [1] ppid, [2] pgrp, [19] starttime. */
export function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

const HAS_PROC = (() => {
  try {
    readFileSync("/proc/self/stat");
    return true;
  } catch {
    return false;
  }
})();

/** Start time of a process in clock ticks ("" when unknown): tells a reused pid from the original. */
export function processStart(pid: number): string {
  return statFields(pid)?.[19] ?? "";
}

/**
 * True while `pid` runs and is still the process that started at `start` (when given). A zombie
 * counts as gone: an orphan may wait for a reaper that never comes (pid 1 in some containers).
 */
export function processAlive(pid: number, start = ""): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (!HAS_PROC) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as { code?: string }).code === "EPERM";
    }
  }
  const fields = statFields(pid);
  if (!fields || fields[0] === "Z" || fields[0] === "X") return false;
  return start === "" || fields[19] === start;
}
