// Dokku's on-disk record of what runs (reference 2.1): `DOKKU_ROOT/APP/CONTAINER.TYPE.N` holds the id
// of the live container of process type TYPE, index N. The scheduler writes these files once new
// containers passed their checks; the proxy, network, checks and logs plugins (and community
// plugins) read them. This is the one reader.
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "./context.ts";
import { isNotFound } from "./errors.ts";

/** One live process container: `CONTAINER.TYPE.N`. */
export interface Dyno {
  type: string;
  index: number;
  id: string;
}

const CONTAINER_FILE = /^CONTAINER\.([A-Za-z0-9_-]+)\.([0-9]+)$/;

/** `TYPE.N`, as in the state file names and the `com.dokku.dyno` label. */
export const dynoName = (d: { type: string; index: number }) => `${d.type}.${d.index}`;

/** The app's live containers, sorted by type then index; files that are empty are left out. */
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

/** The container id recorded for one dyno (`web.1`), if any. */
export async function recordedContainer(ctx: Ctx, app: string, dyno: string): Promise<string | undefined> {
  return (await readOptional(join(ctx.paths.appDir(app), `CONTAINER.${dyno}`)))?.trim() || undefined;
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
