import { chmod, chown, mkdir, rm, stat } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { UserError, errorMessage, isNotFound } from "../../src/core/errors.ts";
import { storageRoot } from "./registry.ts";

/** Creates the directory when missing; an existing non-directory is an error. */
export async function ensureHostDir(path: string): Promise<"created" | "existing"> {
  try {
    if ((await stat(path)).isDirectory()) return "existing";
    throw new UserError(`storage entry path ${path} exists but is not a directory`);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  await mkdir(path, { recursive: true, mode: 0o755 });
  return "created";
}

/** `chown uid:uid`, with Dokku's failure wording. */
export async function chownDir(path: string, id: number): Promise<void> {
  try {
    await chown(path, id, id);
  } catch (error) {
    throw new UserError(`Unable to set directory ownership: ${errorMessage(error)}`, { cause: error });
  }
}

export async function chmodDir(path: string, mode: number): Promise<void> {
  try {
    await chmod(path, mode);
  } catch (error) {
    throw new UserError(`Unable to set directory permissions: ${errorMessage(error)}`, { cause: error });
  }
}

/** True for a direct child of `LIB/data/storage` (the only directories storage may chown or delete). */
export function isManagedDir(ctx: Ctx, path: string): boolean {
  const root = resolve(storageRoot(ctx));
  const full = resolve(path);
  return dirname(full) === root && relative(root, full) !== "" && !relative(root, full).startsWith("..");
}

/** Removes an entry's directory; refuses anything that is not a direct child of the storage root. */
export async function removeManagedDir(ctx: Ctx, path: string): Promise<void> {
  if (!isManagedDir(ctx, path)) throw new UserError(`Refusing to remove ${path}: only directories directly under ${storageRoot(ctx)} are removed`);
  await rm(path, { recursive: true, force: true });
}
