import { readFile, readdir, rm } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { passwdEntry } from "../../src/core/env.ts";
import { isNotFound } from "../../src/core/errors.ts";
import { type Ownership, ensureDir, writeFileAtomic } from "../../src/core/fs-atomic.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { isBuildId } from "./ids.ts";
import { processAlive } from "../../src/core/process.ts";
import { BUILDS, type BuildRecord, DEFAULT_RETENTION, type DisplayStatus, NO_EXIT_CODE, RetentionProp } from "./schema.ts";

export function buildsDir(ctx: Ctx, app: string): string {
  return ctx.paths.dataDir(BUILDS, app);
}

export function recordPath(ctx: Ctx, app: string, id: string): string {
  return join(buildsDir(ctx, app), `${id}.json`);
}

export function logPath(ctx: Ctx, app: string, id: string): string {
  return join(buildsDir(ctx, app), `${id}.log`);
}

/** Files root creates belong to the dokku user, so the hook (running as dokku) can write next to them. */
function ownership(ctx: Ctx): Ownership | undefined {
  if (process.getuid?.() !== 0 || ctx.env.systemUser === "root") return undefined;
  const entry = passwdEntry(ctx.env.systemUser);
  return entry ? { uid: entry.uid, gid: entry.gid } : undefined;
}

export async function ensureBuildsDir(ctx: Ctx, app: string): Promise<string> {
  const dir = buildsDir(ctx, app);
  await ensureDir(dir, { owner: ownership(ctx) });
  return dir;
}

/** The record, or undefined when there is none (or it cannot be parsed). */
export async function readRecord(ctx: Ctx, app: string, id: string): Promise<BuildRecord | undefined> {
  let text: string;
  try {
    text = await readFile(recordPath(ctx, app, id), "utf8");
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as BuildRecord;
    // The directory names the app: records keep their old name after apps:rename moved them.
    return typeof parsed.id === "string" && typeof parsed.status === "string" ? { ...parsed, app } : undefined;
  } catch {
    return undefined;
  }
}

/** Atomic replace (temp file + rename): a reader sees the old record or the new one. */
export async function writeRecord(ctx: Ctx, record: BuildRecord): Promise<void> {
  await ensureBuildsDir(ctx, record.app);
  await writeFileAtomic(recordPath(ctx, record.app, record.id), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o644, owner: ownership(ctx) });
}

/** Every readable record of the app, newest first. */
export async function listRecords(ctx: Ctx, app: string): Promise<BuildRecord[]> {
  let names: string[];
  try {
    names = await readdir(buildsDir(ctx, app));
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
  const records: BuildRecord[] = [];
  for (const name of names) {
    const id = name.endsWith(".json") ? name.slice(0, -".json".length) : "";
    if (!isBuildId(id)) continue;
    const record = await readRecord(ctx, app, id);
    if (record) records.push(record);
    else ctx.log.warn(`Skipping unreadable build record ${app}/${name}`);
  }
  return records.sort((a, b) => b.started_at.localeCompare(a.started_at) || b.id.localeCompare(a.id));
}

/** A running record's process is alive (a record from another host is taken at its word). */
export function isLive(record: BuildRecord): boolean {
  if (record.status !== "running") return false;
  if (record.host && record.host !== hostname()) return true;
  return processAlive(record.pid, record.pid_start);
}

/** What readers show: a `running` record whose runner died (SIGKILL, reboot) is `abandoned`. */
export function displayStatus(record: BuildRecord): DisplayStatus {
  return record.status === "running" && !isLive(record) ? "abandoned" : record.status;
}

/** The newest build that is really running, if any. */
export async function currentBuild(ctx: Ctx, app: string): Promise<BuildRecord | undefined> {
  return (await listRecords(ctx, app)).find(isLive);
}

export function durationMs(record: BuildRecord, now = Date.now()): number {
  if (record.duration_ms !== undefined) return record.duration_ms;
  const end = record.finished_at ? Date.parse(record.finished_at) : now;
  return Math.max(0, end - Date.parse(record.started_at));
}

/** Go's `time.Duration.String()` of a whole number of seconds: `0s`, `42s`, `1m14s`, `2h0m5s`. */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

/** RFC 3339 without fractions, as Dokku prints times. */
export function formatTime(iso: string | undefined): string {
  return iso ? iso.replace(/\.\d+Z$/, "Z") : "";
}

/** The record as `--format json` shows it: Dokku's computed display_status, duration and log_path added. */
export function recordView(ctx: Ctx, record: BuildRecord): Record<string, unknown> {
  return { ...record, display_status: displayStatus(record), duration: formatDuration(durationMs(record)), log_path: logPath(ctx, record.app, record.id) };
}

/** Retention: app value, else global, else 20; values that are not positive integers are skipped. */
export async function retention(ctx: Ctx, app: string): Promise<number> {
  for (const scope of [app, GLOBAL]) {
    const raw = await ctx.props.get(BUILDS, scope, RetentionProp);
    if (raw && /^\d+$/.test(raw) && Number(raw) >= 1) return Number(raw);
  }
  return DEFAULT_RETENTION;
}

/**
 * Dokku's `PruneAppBuilds`: running records whose process is gone are finalized as failed, then
 * finished records beyond `keep` (newest kept) are deleted with their logs. A live build is never
 * touched. Returns how many records were deleted.
 */
export async function pruneApp(ctx: Ctx, app: string, keep?: number): Promise<number> {
  const limit = keep ?? (await retention(ctx, app));
  const finished: BuildRecord[] = [];
  for (const record of await listRecords(ctx, app)) {
    if (isLive(record)) continue;
    if (record.status === "running") {
      const now = new Date().toISOString();
      await writeRecord(ctx, { ...record, status: "failed", finished_at: now, duration_ms: durationMs(record), exit_code: NO_EXIT_CODE });
    }
    finished.push(record);
  }
  const doomed = finished.slice(limit);
  for (const record of doomed) {
    await rm(recordPath(ctx, app, record.id), { force: true });
    await rm(logPath(ctx, app, record.id), { force: true });
  }
  return doomed.length;
}
