import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { type Dyno, dynoName } from "../../src/core/dyno-files.ts";
import { isNotFound } from "../../src/core/errors.ts";
import { writeFileAtomic } from "../../src/core/fs-atomic.ts";

// The reader of Dokku's `CONTAINER.TYPE.N` files is shared (src/core/dyno-files.ts); writing them is ours.
export { type Dyno, dynoName, readDynos } from "../../src/core/dyno-files.ts";

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
