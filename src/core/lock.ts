import { open, readFile, rm, stat } from "node:fs/promises";
import { hostname } from "node:os";
import { ensureDir } from "./fs-atomic.ts";
import { dirname } from "node:path";
import { UserError, isNotFound } from "./errors.ts";
import { processAlive, processStart } from "./process.ts";

/** What a lock file says about its holder. `pid: 0` marks a manual lock (`apps:lock`). */
export interface LockHolder {
  pid: number;
  start: string;
  host: string;
  command: string;
  since: string;
}

export interface LockHandle {
  readonly path: string;
  release(): Promise<void>;
}

export interface AcquireOptions {
  /** Poll until free (true) or fail at once (false). */
  wait: boolean;
  command: string;
  /** Called once when the lock is busy and we start waiting. */
  onWait?: (holder: LockHolder | undefined) => void;
  /** Give up waiting after this long (default: forever). */
  timeoutMs?: number;
  /** Holder pid to record; 0 makes a manual lock that never goes stale. */
  pid?: number;
  /** A lock already held under `pid` (a parent dokku process) is shared, not waited for. */
  reentrant?: boolean;
}

export class LockBusyError extends UserError {
  constructor(
    readonly path: string,
    readonly holder: LockHolder | undefined,
  ) {
    super(`Lock ${path} is held`);
  }
}

/**
 * An exclusive lock file created with O_EXCL. A lock whose holder process died (same host,
 * pid gone or reused) is detected and taken over, so a killed deploy never needs a manual unlock.
 */
export async function acquireLock(path: string, options: AcquireOptions): Promise<LockHandle> {
  const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
  let delay = 5;
  let announced = false;
  await ensureDir(dirname(path));
  for (;;) {
    const holder = describeSelf(options.command, options.pid ?? process.pid);
    if (await tryCreate(path, holder)) return handleFor(path, holder);
    const current = await readHolder(path);
    if (current !== "absent" && current && isStale(current)) {
      if (await breakStaleLock(path, current)) continue;
      // Another process is recovering this lock and will take it: busy for us, unless we wait.
      if (!options.wait || Date.now() > deadline) throw new LockBusyError(path, current);
      await sleep(delay);
      delay = Math.min(delay * 2, 250);
      continue;
    }
    if (current === "absent") continue;
    if (options.reentrant && current && current.pid !== 0 && current.pid === options.pid) return { path, release: async () => {} };
    // A manual lock (apps:lock) only goes away with apps:unlock: waiting for it would hang. An
    // empty file younger than a second is a lock being written (O_EXCL create, then the write).
    const manual = current === undefined ? !(await justCreated(path)) : current.pid === 0;
    if (!options.wait || Date.now() > deadline || manual) throw new LockBusyError(path, current);
    if (!announced) options.onWait?.(current);
    announced = true;
    await sleep(delay);
    delay = Math.min(delay * 2, 250);
  }
}

/** Reads a lock file; Dokku's own files hold a bare PID or build id, or nothing. */
export async function readHolder(path: string): Promise<LockHolder | undefined | "absent"> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (isNotFound(error)) return "absent";
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed.pid === "number") {
      return { pid: parsed.pid, start: parsed.start ?? "", host: parsed.host ?? "", command: parsed.command ?? "", since: parsed.since ?? "" };
    }
  } catch {
    // not ours: a file Dokku wrote, below
  }
  return dokkuHolder(text);
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

async function justCreated(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs < 1_000;
}

/** True when the holder ran on this host and its process no longer exists. */
export function isStale(holder: LockHolder | undefined): boolean {
  if (!holder || holder.pid === 0 || holder.host !== hostname()) return false;
  return holder.pid < 0 || !processAlive(holder.pid, holder.start);
}

async function tryCreate(path: string, holder: LockHolder): Promise<boolean> {
  try {
    const handle = await open(path, "wx", 0o600);
    await handle.writeFile(JSON.stringify(holder));
    await handle.close();
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "EEXIST") return false;
    throw error;
  }
}

/**
 * Removes a stale lock under a short "breaker" lock so two recoverers cannot both win. False when
 * another live recoverer holds the breaker.
 */
async function breakStaleLock(path: string, seen: LockHolder): Promise<boolean> {
  const breaker = `${path}.break`;
  const ok = await tryCreate(breaker, describeSelf("break", process.pid));
  if (!ok) {
    // A breaker older than any recovery takes belongs to a recoverer that died: clear it.
    const info = await stat(breaker).catch(() => undefined);
    if (!info || Date.now() - info.mtimeMs > 10_000) {
      await rm(breaker, { force: true });
      return true;
    }
    return false;
  }
  try {
    const again = await readHolder(path);
    if (again !== "absent" && again && again.pid === seen.pid && again.start === seen.start) await rm(path, { force: true });
  } finally {
    await rm(breaker, { force: true });
  }
  return true;
}

function handleFor(path: string, holder: LockHolder): LockHandle {
  return {
    path,
    async release() {
      const current = await readHolder(path);
      if (current !== "absent" && current?.pid === holder.pid && current.since === holder.since) await rm(path, { force: true });
    },
  };
}

function describeSelf(command: string, pid: number): LockHolder {
  return { pid, start: pid ? processStart(pid) : "", host: hostname(), command, since: new Date().toISOString() };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
