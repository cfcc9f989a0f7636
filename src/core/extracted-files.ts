import { copyFile, readFile, readdir, realpath, rename, rm, stat } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";
import type { Ctx } from "./context.ts";
import { UserError, isNotFound } from "./errors.ts";
import { ensureDir, writeFileAtomic } from "./fs-atomic.ts";
import { processAlive } from "./process.ts";

/**
 * Dokku's "process-specific" files (reference 2.6): a file taken from the pushed source
 * (Procfile, app.json, CHECKS, nginx.conf.sigil) is extracted at core-post-extract beside the
 * committed copy as `<name>.<PID>`, or marked absent with `<name>.<PID>.missing`. Readers during
 * the deploy see the extracted state; core-post-deploy commits it (rename over the real file, or
 * delete it when missing). A failed deploy therefore never changes what the running release uses.
 *
 * PID is DOKKU_PID, shared by every dokku process of one deploy.
 */
export interface ExtractedFile {
  /** Directory holding the committed copy, e.g. `LIB/data/ps/APP`. */
  readonly dir: string;
  /** File name of the committed copy, e.g. `Procfile`. */
  readonly name: string;
}

function pid(ctx: Ctx): string {
  return ctx.env.vars.DOKKU_PID || String(process.pid);
}

/**
 * Copies `WORKDIR/<sourcePath>` to `<dir>/<name>.<PID>` (or writes the `.missing` marker).
 * The source must be a regular file inside the work tree, also after resolving symlinks: a
 * Procfile that links to /etc/shadow is refused, not copied.
 */
export async function extractFromSource(ctx: Ctx, file: ExtractedFile, workdir: string, sourcePath: string): Promise<"extracted" | "missing"> {
  assertRelativeInside(sourcePath);
  const owner = ctx.props.owner;
  await ensureDir(file.dir, { owner });
  await removeStale(file);
  const own = join(file.dir, `${file.name}.${pid(ctx)}`);
  await rm(own, { force: true });
  await rm(`${own}.missing`, { force: true });
  const source = await realpath(join(workdir, sourcePath)).catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(error)));
  if (source === undefined || !(await stat(source)).isFile()) {
    await writeFileAtomic(`${own}.missing`, "", { owner });
    return "missing";
  }
  const rel = relative(await realpath(workdir), source);
  if (rel === "" || rel.startsWith(`..${sep}`) || rel === ".." || isAbsolute(rel)) {
    throw new UserError(`${sourcePath} points outside the app's source tree`);
  }
  await writeFileAtomic(own, await readFile(source), { owner, mode: 0o644 });
  return "extracted";
}

/** Writes `content` as this deploy's extracted copy (files that do not come from a work tree). */
export async function extractContent(ctx: Ctx, file: ExtractedFile, content: string | undefined): Promise<void> {
  const owner = ctx.props.owner;
  await ensureDir(file.dir, { owner });
  const own = join(file.dir, `${file.name}.${pid(ctx)}`);
  if (content === undefined) {
    await rm(own, { force: true });
    await writeFileAtomic(`${own}.missing`, "", { owner });
  } else {
    await rm(`${own}.missing`, { force: true });
    await writeFileAtomic(own, content, { owner, mode: 0o644 });
  }
}

/**
 * The content a reader should use now: this deploy's extracted copy when there is one (undefined
 * when marked missing), else the committed copy, else undefined.
 */
export async function readExtracted(ctx: Ctx, file: ExtractedFile): Promise<string | undefined> {
  const own = join(file.dir, `${file.name}.${pid(ctx)}`);
  const extracted = await readOptional(own);
  if (extracted !== undefined) return extracted;
  if (await exists(`${own}.missing`)) return undefined;
  return readOptional(join(file.dir, file.name));
}

/** The committed copy only (what the running release was deployed with). */
export function readCommitted(file: ExtractedFile): Promise<string | undefined> {
  return readOptional(join(file.dir, file.name));
}

/** core-post-deploy: this deploy's extracted state becomes the committed copy. */
export async function commitExtracted(ctx: Ctx, file: ExtractedFile): Promise<void> {
  const own = join(file.dir, `${file.name}.${pid(ctx)}`);
  if (await exists(own)) {
    await rename(own, join(file.dir, file.name));
  } else if (await exists(`${own}.missing`)) {
    await rm(join(file.dir, file.name), { force: true });
    await rm(`${own}.missing`, { force: true });
  }
}

/** Drops this deploy's extracted copies (a failed deploy, or after commit). */
export async function discardExtracted(ctx: Ctx, file: ExtractedFile): Promise<void> {
  const own = join(file.dir, `${file.name}.${pid(ctx)}`);
  await rm(own, { force: true });
  await rm(`${own}.missing`, { force: true });
}

/** Extracted copies left by deploys whose process is gone (killed, or failed before commit). */
async function removeStale(file: ExtractedFile): Promise<void> {
  let names: string[];
  try {
    names = await readdir(file.dir);
  } catch (error) {
    if (isNotFound(error)) return;
    throw error;
  }
  const prefix = `${file.name}.`;
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)(\.missing)?$/.exec(name.slice(prefix.length));
    if (m && !processAlive(Number(m[1]))) await rm(join(file.dir, name), { force: true });
  }
}

function assertRelativeInside(path: string): void {
  const normal = relative(".", join(".", path));
  if (path === "" || isAbsolute(path) || normal === "" || normal === ".." || normal.startsWith(`..${sep}`)) {
    throw new UserError(`Invalid path ${JSON.stringify(path)}: it must name a file inside the app's source tree`);
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/** Copies a committed file from one app's data dir to another's (apps:clone/rename). */
export async function copyCommitted(from: ExtractedFile, to: ExtractedFile): Promise<void> {
  const source = join(from.dir, from.name);
  if (!(await exists(source))) return;
  await ensureDir(to.dir);
  await copyFile(source, join(to.dir, to.name));
}
