import { readFileSync, readdirSync } from "node:fs";

/** Fields of `/proc/<pid>/stat` after the command name: [0] state, [1] ppid, [2] pgrp, [19] starttime. */
function statFields(pid: number): string[] | undefined {
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

/** Start time of a process in clock ticks ("" when unknown), as src/core/lock.ts records it. */
export function processStart(pid: number): string {
  return statFields(pid)?.[19] ?? "";
}

/**
 * True while `pid` runs and is still the process that started at `start` (when given). A zombie
 * counts as gone: its build is over even if nobody has reaped it yet.
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

/** Every live descendant of `pid` (children first found by walking parent links in /proc). */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[] = [];
  try {
    entries = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  for (const name of entries) {
    const ppid = Number(statFields(Number(name))?.[1]);
    if (!ppid) continue;
    const list = children.get(ppid) ?? [];
    list.push(Number(name));
    children.set(ppid, list);
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

/**
 * Signals a build: its whole process group when the runner leads one (detached runners do), and
 * every process below it that left the group. A runner that shares its caller's group is
 * signalled alone with its descendants, never the caller.
 */
export function signalBuild(pid: number, signal: NodeJS.Signals): void {
  const tree = descendants(pid);
  const leadsGroup = statFields(pid)?.[2] === String(pid);
  const send = (target: number) => {
    try {
      process.kill(target, signal);
    } catch {
      // already gone
    }
  };
  if (leadsGroup) send(-pid);
  send(pid);
  for (const child of tree) send(child);
}
