import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { isNotFound } from "../../src/core/errors.ts";
import { writeFileAtomic } from "../../src/core/fs-atomic.ts";
import { acquireLock } from "../../src/core/lock.ts";
import { SCHEDULER_DOCKER_LOCAL } from "./schema.ts";

/** One line of Dokku's `dead-containers` file: `APP CID <unix seconds when due>` (reference 7.4). */
export interface RetireEntry {
  app: string;
  id: string;
  due: number;
}

const file = (ctx: Ctx) => join(ctx.paths.dataDir(SCHEDULER_DOCKER_LOCAL), "dead-containers");

export function parseEntries(text: string): RetireEntry[] {
  const out: RetireEntry[] = [];
  for (const line of text.split("\n")) {
    const [app, id, due] = line.trim().split(/\s+/);
    if (app && id && /^[0-9]+$/.test(due ?? "")) out.push({ app, id, due: Number(due) });
  }
  return out;
}

export function formatEntries(entries: readonly RetireEntry[]): string {
  return entries.map((e) => `${e.app} ${e.id} ${e.due}\n`).join("");
}

/** Every entry of the queue (all apps). */
export async function readQueue(ctx: Ctx): Promise<RetireEntry[]> {
  try {
    return parseEntries(await readFile(file(ctx), "utf8"));
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}

/**
 * Read-modify-write of the queue under its own lock: apps deploy concurrently (each holding only
 * its own app lock) and all of them register here. The file is replaced atomically.
 */
export async function updateQueue(ctx: Ctx, change: (entries: RetireEntry[]) => RetireEntry[]): Promise<void> {
  const lock = await acquireLock(`${file(ctx)}.lock`, { wait: true, command: "dead-containers", owner: ctx.props.owner });
  try {
    const before = await readQueue(ctx);
    const after = change(before);
    if (formatEntries(after) !== formatEntries(before)) await writeFileAtomic(file(ctx), formatEntries(after), { mode: 0o644, owner: ctx.props.owner });
  } finally {
    await lock.release();
  }
}

/** Queues containers for retirement `waitSeconds` from now; an id already queued keeps its time. */
export async function enqueue(ctx: Ctx, app: string, ids: readonly string[], waitSeconds: number): Promise<void> {
  if (ids.length === 0) return;
  const due = Math.floor(Date.now() / 1000) + Math.max(0, waitSeconds);
  await updateQueue(ctx, (entries) => {
    const known = new Set(entries.map((e) => e.id));
    return [...entries, ...ids.filter((id) => !known.has(id)).map((id) => ({ app, id, due }))];
  });
}

/** Drops the given ids (retired, or gone). */
export async function dequeue(ctx: Ctx, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const gone = new Set(ids);
  await updateQueue(ctx, (entries) => entries.filter((e) => !gone.has(e.id)));
}

/** Drops every entry of an app (apps:destroy removed its containers). */
export async function dequeueApp(ctx: Ctx, app: string): Promise<void> {
  await updateQueue(ctx, (entries) => entries.filter((e) => e.app !== app));
}
