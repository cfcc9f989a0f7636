import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { type FileHandle, open, stat, unlink } from "node:fs/promises";
import { PermissionError, isNotFound, isPermissionDenied } from "./errors.ts";
import { type LockHolder, isStale, parseHolder } from "./lock-holder.ts";
import { processAlive, processStart } from "./process.ts";

/** What a held lock file turned out to be, and what recovery did about it. */
export type LockState =
  | { kind: "absent"; holder?: undefined }
  | { kind: "recovered"; holder?: undefined }
  /** A live holder, or a manual lock (`manual`: `apps:lock`, never waited for). */
  | { kind: "held"; holder: LockHolder | undefined; manual: boolean }
  /** Stale, but another live recoverer claimed it first and will remove it. */
  | { kind: "contended"; holder: LockHolder | undefined }
  | { kind: "unrecoverable"; holder: LockHolder | undefined; error: Error };

// An empty lock file younger than this may be an earlier version's lock being written.
const EMPTY_GRACE_MS = 2_000;
const CLAIM = "claim ";
const WITHDRAW = "withdraw ";

/**
 * Looks at the lock file at `path` and removes it when its holder is gone, with no helper file:
 * the recoverer opens the lock, judges the holder through that descriptor, and appends a claim
 * line (O_APPEND: claims land in order). The first claimant still alive (dead ones, and claims
 * withdrawn by claimants that lost, are skipped) is the only one that may unlink the lock, and
 * only while the path still names the inode it claimed; the open descriptor keeps that inode
 * number from being reused meanwhile. A live holder's file never gets a claim, so it never
 * loses its lock.
 */
export async function recoverStale(path: string, empty: "manual" | "stale"): Promise<LockState> {
  const opened = await openLock(path);
  if (opened === "absent") return { kind: "absent" };
  if (opened === "unreadable") return unreadable(path, empty);
  const { handle, writable } = opened;
  try {
    const info = await handle.stat();
    const text = await readAll(handle);
    const verdict = judge(text, info.mtimeMs, empty);
    if (!verdict.stale) return { kind: "held", holder: verdict.holder, manual: verdict.manual };
    if (!writable) {
      const error = new PermissionError(`Cannot recover the stale lock ${path}: permission denied`, path);
      return { kind: "unrecoverable", holder: verdict.holder, error };
    }
    const token = `${CLAIM}${process.pid} ${processStart(process.pid)} ${randomBytes(6).toString("hex")}`;
    await handle.write(`\n${token}\n`);
    let won = false;
    try {
      won = firstLiveClaim(await readAll(handle), token);
    } finally {
      // A claim we do not act on is withdrawn, or it would stand in the way while we live.
      if (!won) await handle.write(`\n${WITHDRAW}${token}\n`);
    }
    if (!won) return { kind: "contended", holder: verdict.holder };
    const now = await stat(path).catch(() => undefined);
    if (now && now.ino === info.ino && now.dev === info.dev) {
      await unlink(path).catch((error: unknown) => {
        if (!isNotFound(error)) throw error;
      });
    }
    return { kind: "recovered" };
  } finally {
    await handle.close();
  }
}

async function openLock(path: string): Promise<{ handle: FileHandle; writable: boolean } | "absent" | "unreadable"> {
  for (const [flags, writable] of [
    [constants.O_RDWR | constants.O_APPEND, true],
    [constants.O_RDONLY, false],
  ] as const) {
    try {
      return { handle: await open(path, flags), writable };
    } catch (error) {
      if (isNotFound(error)) return "absent";
      if (!isPermissionDenied(error)) throw error;
    }
  }
  return "unreadable";
}

/** A lock we may not even read: wait out the grace, then say what is in the way. */
async function unreadable(path: string, empty: "manual" | "stale"): Promise<LockState> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return { kind: "absent" };
  if (Date.now() - info.mtimeMs <= EMPTY_GRACE_MS) return { kind: "held", holder: undefined, manual: false };
  if (empty === "manual" && info.size === 0) return { kind: "held", holder: undefined, manual: true };
  return { kind: "unrecoverable", holder: undefined, error: new PermissionError(`Cannot read the lock ${path}: permission denied`, path) };
}

function judge(text: string, mtimeMs: number, empty: "manual" | "stale"): { stale: boolean; holder: LockHolder | undefined; manual: boolean } {
  const holder = parseHolder(text);
  if (holder) return { stale: isStale(holder), holder, manual: holder.pid === 0 };
  // dokku-compat: an empty deploy lock is `apps:lock` (Dokku's manual lock only creates the file).
  if (empty === "manual") return { stale: false, holder, manual: true };
  const claimed = text.split("\n").some((line) => line.startsWith(CLAIM));
  return { stale: claimed || Date.now() - mtimeMs > EMPTY_GRACE_MS, holder, manual: false };
}

/** True when `token` is the first claim not withdrawn whose claimant is still alive. */
function firstLiveClaim(text: string, token: string): boolean {
  const lines = text.split("\n");
  const withdrawn = new Set(lines.filter((line) => line.startsWith(WITHDRAW)).map((line) => line.slice(WITHDRAW.length)));
  for (const line of lines) {
    if (!line.startsWith(CLAIM) || withdrawn.has(line)) continue;
    if (line === token) return true;
    const [pid = "", start = ""] = line.slice(CLAIM.length).split(" ");
    if (processAlive(Number(pid), start)) return false;
  }
  return false;
}

/** The whole file from offset 0, whatever the descriptor's position (O_APPEND moved it). */
async function readAll(handle: FileHandle): Promise<string> {
  const chunks: Buffer[] = [];
  for (let position = 0; ; ) {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) break;
    chunks.push(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
  return Buffer.concat(chunks).toString("utf8");
}
