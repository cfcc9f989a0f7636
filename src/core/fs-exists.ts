import { stat } from "node:fs/promises";

/**
 * Whether something is at `path` (links followed); with `kind`, whether it is a regular file or
 * a directory. Only "nothing there" (ENOENT, ENOTDIR) answers false: any other failure (EACCES,
 * ELOOP, EIO) throws, because a path that cannot be looked at is not an absent one.
 */
export async function exists(path: string, kind?: "file" | "directory"): Promise<boolean> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as { code?: string } | null)?.code;
    if (code === "ENOENT" || code === "ENOTDIR") return false;
    throw error;
  }
  if (kind === "file") return info.isFile();
  if (kind === "directory") return info.isDirectory();
  return true;
}
