import { readFile, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { DokkuError, isNotFound } from "../../src/core/errors.ts";
import { writeFileAtomic } from "../../src/core/fs-atomic.ts";
import { RELEASES, type ReleaseRecord } from "./schema.ts";

/** `LIB/data/releases/APP`: `<N>.json` per recorded release, `pending.json` while a deploy runs. */
export const releasesDir = (ctx: Ctx, app: string) => ctx.paths.dataDir(RELEASES, app);
const pendingFile = (ctx: Ctx, app: string) => join(releasesDir(ctx, app), "pending.json");

async function readJson(path: string): Promise<ReleaseRecord | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as ReleaseRecord;
  } catch (error) {
    throw new DokkuError(`Cannot read release record ${path}: ${(error as Error).message}`);
  }
}

/** Every recorded release, newest first. */
export async function listReleases(ctx: Ctx, app: string): Promise<ReleaseRecord[]> {
  let names: string[];
  try {
    names = await readdir(releasesDir(ctx, app));
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
  const numbers = names.map((n) => /^([0-9]+)\.json$/.exec(n)?.[1]).filter((n): n is string => n !== undefined).map(Number);
  const out: ReleaseRecord[] = [];
  for (const n of numbers.sort((a, b) => b - a)) {
    const record = await readJson(join(releasesDir(ctx, app), `${n}.json`));
    if (record) out.push(record);
  }
  return out;
}

export async function writeRelease(ctx: Ctx, app: string, record: ReleaseRecord): Promise<void> {
  await writeFileAtomic(join(releasesDir(ctx, app), `${record.number}.json`), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o644, owner: ctx.props.owner });
}

export const readPending = (ctx: Ctx, app: string) => readJson(pendingFile(ctx, app));

export async function writePending(ctx: Ctx, app: string, record: ReleaseRecord): Promise<void> {
  await writeFileAtomic(pendingFile(ctx, app), JSON.stringify(record), { mode: 0o644, owner: ctx.props.owner });
}

export async function removePending(ctx: Ctx, app: string): Promise<void> {
  await rm(pendingFile(ctx, app), { force: true });
}
