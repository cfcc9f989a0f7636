import { randomUUID } from "node:crypto";
import { chown, mkdir, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

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

/** Writes via temp file + fsync + rename, so readers see the old or the new content, never half. */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
  const dir = dirname(file);
  await ensureDir(dir, options);
  const temporary = join(dir, `.${basename(file)}.${randomUUID()}.tmp`);
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
}

/** mkdir -p, then chown the leaf when an owner is given. */
export async function ensureDir(dir: string, options: WriteOptions = {}): Promise<void> {
  await mkdir(dir, { recursive: true, mode: options.dirMode ?? 0o755 });
  if (options.owner) await chown(dir, options.owner.uid, options.owner.gid);
}
