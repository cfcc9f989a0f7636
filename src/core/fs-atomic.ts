import { chown, lchown, lstat, mkdir, open, readdir, rename, rm } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { sweepStaleTemps, tempPathFor } from "./temp-files.ts";

/** Owner applied to files we create when running as root (Dokku chowns to dokku:dokku). */
export interface Ownership {
  uid: number;
  gid: number;
}

export interface WriteOptions {
  mode?: number;
  dirMode?: number;
  owner?: Ownership;
}

/**
 * Writes via temp file + fsync + rename, so readers see the old or the new content, never half.
 * The temp file is named after this process; ones left by killed writers are swept afterwards.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
  const dir = dirname(file);
  await ensureDir(dir, options);
  const temporary = tempPathFor(file);
  const handle = await open(temporary, "wx", options.mode ?? 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  try {
    if (options.owner) await chown(temporary, options.owner.uid, options.owner.gid);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }); // e.g. EISDIR: never leave a stray temp file behind
    throw error;
  }
  await sweepStaleTemps(dir);
}

/**
 * mkdir -p; with an owner, every directory it created and the leaf belong to that owner (a
 * parent left to root would stop the dokku user from creating the next sibling).
 */
export async function ensureDir(dir: string, options: WriteOptions = {}): Promise<void> {
  const first = await mkdir(dir, { recursive: true, mode: options.dirMode ?? 0o755 });
  if (!options.owner) return;
  const { uid, gid } = options.owner;
  if (first) {
    let path = first;
    for (const part of relative(first, dir).split(sep).filter(Boolean)) {
      await chown(path, uid, gid);
      path = join(path, part);
    }
  }
  await chown(dir, uid, gid);
}

/** `chown -R` without following symlinks: for trees written by tools (git init, cp). */
export async function chownTree(path: string, owner: Ownership | undefined): Promise<void> {
  if (!owner) return;
  const info = await lstat(path);
  if (info.uid !== owner.uid || info.gid !== owner.gid) await chownEntry(path, info.isSymbolicLink(), owner);
  if (!info.isDirectory()) return;
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) await chownTree(child, owner);
    else await chownEntry(child, entry.isSymbolicLink(), owner);
  }
}

async function chownEntry(path: string, link: boolean, owner: Ownership): Promise<void> {
  await (link ? lchown : chown)(path, owner.uid, owner.gid);
}
