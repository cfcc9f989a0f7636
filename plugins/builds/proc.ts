import { readdirSync } from "node:fs";
import { statFields } from "../../src/core/process.ts";

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
