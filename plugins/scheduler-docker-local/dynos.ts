import { readFile, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { isNotFound } from "../../src/core/errors.ts";
import { writeFileAtomic } from "../../src/core/fs-atomic.ts";

/** One process container of the running release: `CONTAINER.TYPE.N` in the app directory. */
export interface Dyno {
  type: string;
  index: number;
  id: string;
}

export const dynoName = (d: { type: string; index: number }) => `${d.type}.${d.index}`;

const CONTAINER_FILE = /^CONTAINER\.([A-Za-z0-9_-]+)\.([0-9]+)$/;

/**
 * The app's live containers, from Dokku's state files (reference 2.1), sorted by type then index.
 * These files are the record of what runs: written only after new containers passed their
 * checks, read by the proxy's helpers and by community plugins.
 */
export async function readDynos(ctx: Ctx, app: string): Promise<Dyno[]> {
  let names: string[];
  try {
    names = await readdir(ctx.paths.appDir(app));
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
  const out: Dyno[] = [];
  for (const name of names) {
    const m = CONTAINER_FILE.exec(name);
    if (!m) continue;
    const id = (await readOptional(join(ctx.paths.appDir(app), name)))?.trim();
    if (id) out.push({ type: m[1]!, index: Number(m[2]), id });
  }
  return out.sort((a, b) => (a.type === b.type ? a.index - b.index : a.type < b.type ? -1 : 1));
}

export async function writeContainerFile(ctx: Ctx, app: string, dyno: Dyno): Promise<void> {
  await writeFileAtomic(join(ctx.paths.appDir(app), `CONTAINER.${dynoName(dyno)}`), `${dyno.id}\n`, { mode: 0o644, owner: ctx.props.owner });
}

/** Drops a dyno's CONTAINER, IP and PORT files (scaled down, or its type went away). */
export async function removeDynoFiles(ctx: Ctx, app: string, dyno: { type: string; index: number }): Promise<void> {
  for (const kind of ["CONTAINER", "IP", "PORT"]) await rm(join(ctx.paths.appDir(app), `${kind}.${dynoName(dyno)}`), { force: true });
}

/** Drops every dyno file of the app directory: a clone or a renamed app starts with none of the old containers. */
export async function removeAllDynoFiles(ctx: Ctx, app: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(ctx.paths.appDir(app));
  } catch (error) {
    if (isNotFound(error)) return;
    throw error;
  }
  for (const name of names) {
    if (/^(CONTAINER|IP|PORT)\.[A-Za-z0-9_-]+\.[0-9]+$/.test(name)) await rm(join(ctx.paths.appDir(app), name), { force: true });
  }
}

/** True when `id` (full or short) names the same container as `other`. */
export function sameId(id: string, other: string): boolean {
  return id.length >= 12 && other.length >= 12 && (id.startsWith(other) || other.startsWith(id));
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
