import { randomBytes } from "node:crypto";
import { lstat, readFile, readdir, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { processAlive, processStart } from "./process.ts";

/**
 * Temporary files beside the state they replace (`.ENV.<owner>.tmp`, `.deploy.lock.<owner>.tmp`).
 * The name carries its creator's pid and start time, so a file left by a killed process is
 * recognised and removed by the next writer in the same directory: nothing else ever cleans
 * these up, and a SIGKILL cannot run a `finally`.
 */

const OWNED = /^\..+\.(\d+)-(\d*)-[0-9a-f]{12}\.tmp$/;
// Names from before the owner tag: `.<name>.<uuid>.tmp`. A write takes milliseconds.
const LEGACY = /^\..+\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.tmp$/;
const LEGACY_AGE_MS = 10 * 60_000;
// The recovery breaker of earlier versions (`.deploy.lock.break`): no longer used by anyone.
const BREAKER = /^\..+\.lock\.break$/;
const BREAKER_AGE_MS = 10_000;

/** A fresh temp path in `file`'s directory, tagged with this process. */
export function tempPathFor(file: string): string {
  const name = basename(file);
  const hidden = name.startsWith(".") ? name : `.${name}`;
  return join(dirname(file), `${hidden}.${process.pid}-${processStart(process.pid)}-${randomBytes(6).toString("hex")}.tmp`);
}

/** True when a temp name of ours belongs to a process that is gone. */
export function isOrphanTemp(name: string): boolean {
  const match = OWNED.exec(name);
  return match !== null && !processAlive(Number(match[1]), match[2]);
}

/**
 * Removes temp files whose creator is gone, and breaker files of earlier versions whose recoverer
 * is gone. Best effort: a failure here never fails the write that triggered it.
 */
export async function sweepStaleTemps(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(".")) continue;
    const path = join(dir, name);
    if (isOrphanTemp(name) || (LEGACY.test(name) && (await olderThan(path, LEGACY_AGE_MS))) || (BREAKER.test(name) && (await staleBreaker(path)))) {
      await unlink(path).catch(() => {});
    }
  }
}

async function olderThan(path: string, ms: number): Promise<boolean> {
  const info = await lstat(path).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > ms;
}

/** An old breaker held `{"pid":N,...}`; it is stale once that process is gone (or it is old). */
async function staleBreaker(path: string): Promise<boolean> {
  const text = await readFile(path, "utf8").catch(() => "");
  const pid = /"pid":(\d+)/.exec(text)?.[1];
  const start = /"start":"(\d*)"/.exec(text)?.[1] ?? "";
  if (pid !== undefined && !processAlive(Number(pid), start)) return true;
  return olderThan(path, BREAKER_AGE_MS);
}
