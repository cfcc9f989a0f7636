import { rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { PermissionError, isPermissionDenied } from "./errors.ts";
import type { Log } from "./log.ts";

/**
 * `rm -rf PATH` for state that must go (an app's directories on destroy). When something inside
 * refuses (a file root left in a directory the dokku user cannot write), the rest is renamed to
 * a hidden sibling, which needs only the parent to be writable: the name is free again and the
 * returned path tells the caller what to report. Throws PermissionError when even that fails.
 */
export async function removeTree(path: string): Promise<string | undefined> {
  try {
    await rm(path, { recursive: true, force: true });
    return undefined;
  } catch (error) {
    if (!isPermissionDenied(error)) throw error;
    const aside = join(dirname(path), `.${basename(path)}.removed-${Date.now()}`);
    try {
      await rename(path, aside);
      return aside;
    } catch {
      throw new PermissionError(`Cannot remove ${path}: permission denied`, path, { cause: error });
    }
  }
}

/** Tells the user what removeTree had to move aside instead of deleting, and how to finish. */
export function warnMovedAside(log: Pick<Log, "warn">, path: string, aside: string | undefined): void {
  if (aside === undefined) return;
  log.warn(`Could not delete all of ${path} (permission denied): the rest was moved to ${aside}`);
  log.warn(`As root, run: rm -rf ${aside}`);
}
