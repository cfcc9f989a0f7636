import { existsSync } from "node:fs";
import { chown, link, open, readFile, rm, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { PermissionError, UserError, isNotFound, isPermissionDenied } from "./errors.ts";
import { type Ownership, ensureDir } from "./fs-atomic.ts";
import { type LockHolder, describeSelf, parseHolder } from "./lock-holder.ts";
import { recoverStale } from "./lock-recovery.ts";
import { sweepStaleTemps, tempPathFor } from "./temp-files.ts";

export { type LockHolder, isStale, parseHolder } from "./lock-holder.ts";

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
  /**
   * What an empty lock file means. "manual": Dokku's `apps:lock`, which only creates the file
   * (the deploy lock). "stale" (the default): a writer killed before it wrote its holder (our
   * own files are never empty), recovered once older than a short grace.
   */
  empty?: "manual" | "stale";
  /** Owner of the lock file when we run as root, so the dokku user can recover it. */
  owner?: Ownership;
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
 * An exclusive lock file. The holder record is written to a temp file first and then linked to
 * the lock name (link(2) fails with EEXIST while held), so a lock is never seen without its
 * holder. A lock whose holder died (same host, pid gone or reused), or an empty or unreadable
 * one past a short grace, is recovered (see lock-recovery.ts): a killed process never needs a
 * manual unlock.
 */
export async function acquireLock(path: string, options: AcquireOptions): Promise<LockHandle> {
  const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
  const self = describeSelf(options.command, options.pid ?? process.pid);
  let delay = 5;
  let announced = false;
  let temp: string | undefined;
  try {
    for (let vanished = 0; ; ) {
      temp ??= await writeTemp(path, self, options.owner);
      const linked = temp === undefined ? "vanished" : await linkOnce(temp, path);
      if (linked === "linked") {
        await sweepStaleTemps(dirname(path));
        return handleFor(path, self);
      }
      if (linked === "vanished") {
        // The directory went away under us (the app was renamed or destroyed): make it again, a
        // few times; the caller re-checks the app under the lock.
        if (++vanished > 3) throw new UserError(`Cannot lock ${path}: its directory keeps disappearing`);
        temp = undefined;
        continue;
      }
      const state = await recoverStale(path, options.empty ?? "stale");
      if (state.kind === "recovered" || state.kind === "absent") continue;
      if (state.kind === "unrecoverable") throw state.error;
      const holder = state.holder;
      if (state.kind === "held" && options.reentrant && holder && holder.pid !== 0 && holder.pid === options.pid) return { path, release: async () => {} };
      // A manual lock (apps:lock) only goes away with apps:unlock: waiting for it would hang.
      const manual = state.kind === "held" && state.manual;
      if (!options.wait || Date.now() > deadline || manual) throw new LockBusyError(path, holder);
      if (!announced && state.kind === "held") options.onWait?.(holder);
      announced ||= state.kind === "held";
      await sleep(delay);
      delay = Math.min(delay * 2, 250);
    }
  } finally {
    if (temp) await rm(temp, { force: true });
  }
}

/**
 * The holder record in a temp file beside the lock, complete before anyone can see it.
 * Undefined when the directory vanished between making it and writing there.
 */
async function writeTemp(path: string, holder: LockHolder, owner: Ownership | undefined): Promise<string | undefined> {
  const temp = tempPathFor(path);
  try {
    await ensureDir(dirname(path), { owner });
    const handle = await open(temp, "wx", 0o600);
    try {
      await handle.writeFile(JSON.stringify(holder));
    } finally {
      await handle.close();
    }
    if (owner) await chown(temp, owner.uid, owner.gid);
    return temp;
  } catch (error) {
    await rm(temp, { force: true });
    if (isNotFound(error)) return undefined;
    throw permissionProblem(error, path);
  }
}

async function linkOnce(temp: string, path: string): Promise<"linked" | "held" | "vanished"> {
  try {
    await link(temp, path);
    return "linked";
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "EEXIST") return "held";
    if (code === "ENOENT") return "vanished";
    throw permissionProblem(error, path);
  }
}

/** A refused write names the directory to fix: the lock's own, or the parent that refused to make it. */
function permissionProblem(error: unknown, path: string): unknown {
  if (!isPermissionDenied(error)) return error;
  let dir = dirname(path);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return new PermissionError(`Cannot take the lock ${path}: permission denied on ${dir}`, dir, { cause: error });
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
  return parseHolder(text);
}

function handleFor(path: string, holder: LockHolder): LockHandle {
  return { path, release: () => releaseHeld(path, holder) };
}

/** Removes the lock when `holder` (pid and since) still holds it; also for a lock taken by another process (bash plugins). */
export async function releaseHeld(path: string, holder: Pick<LockHolder, "pid" | "since">): Promise<void> {
  const current = await readHolder(path).catch(() => "absent" as const);
  if (current !== "absent" && current?.pid === holder.pid && current.since === holder.since) await unlink(path).catch(() => {});
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
