import { lstat, readdir, rename, rmdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { type ArchiveLimits, ArchiveRejection, tooLargeArchive } from "../../src/archive/entry.ts";
import { extractTarFile } from "../../src/archive/extract-tar.ts";
import { ArchiveRules } from "../../src/archive/rules.ts";
import { checkSymlinksInside } from "../../src/archive/symlinks.ts";
import { ArchiveWriter } from "../../src/archive/writer.ts";
import type { ArchiveType } from "./archive-type.ts";
import { openZip, readZipData, readZipDirectory, readZipText, type ZipEntry } from "./archive-zip.ts";

/** Receives `[archive-security]` events: every rejection and the start and end of an extraction. */
export type AuditLog = (event: string, details: string) => void;

/**
 * Extracts an archive file into the empty directory `dest` (reference 5.5, archive safety), with
 * the shared reader and rules of src/archive: every rule is checked before the first write and
 * again while writing; afterwards every symlink must resolve inside `dest`. On rejection the
 * caller removes `dest`.
 */
export async function extractArchive(file: string, dest: string, type: ArchiveType, limits: ArchiveLimits, audit: AuditLog): Promise<void> {
  try {
    const size = (await stat(file)).size;
    if (size > limits.maxBytes) throw tooLargeArchive(size, limits.maxBytes);
    const started = () => audit("extraction_started", `dest=${dest}`);
    if (type === "zip") await extractZip(file, dest, limits, started);
    else await extractTarFile(file, dest, { gzip: type === "tar.gz", limits, onValidated: started });
  } catch (error) {
    if (error instanceof ArchiveRejection) audit(error.event, error.details);
    throw error;
  }
  audit("extraction_completed", `dest=${dest}`);
}

async function extractZip(file: string, dest: string, limits: ArchiveLimits, started: () => void): Promise<void> {
  const handle = await openZip(file);
  try {
    const entries = await readZipDirectory(handle, (await handle.stat()).size, limits.maxFiles);
    const rules = new ArchiveRules(limits);
    const withTargets: ZipEntry[] = [];
    for (const entry of entries) {
      const full = entry.kind === "symlink" ? { ...entry, linkTarget: await readZipText(handle, file, entry) } : entry;
      rules.admit({ ...full, size: full.kind === "file" ? full.size : 0 });
      withTargets.push(full);
    }
    rules.finish();
    started();
    const writer = new ArchiveWriter(dest, limits);
    for (const entry of withTargets) {
      const sink = await writer.entry({ ...entry, size: entry.kind === "file" ? entry.size : 0 });
      if (sink) await readZipData(handle, file, entry, sink);
    }
    await writer.finish();
    await checkSymlinksInside(dest);
  } finally {
    await handle.close();
  }
}

/**
 * When everything sits in one top-level directory (GitHub's `repo-sha/`), its contents move up.
 * The directory takes `dir`'s place through a sibling name, so no name inside the archive can
 * collide with the move.
 */
export async function hoistSingleDirectory(dir: string): Promise<void> {
  const entries = await readdir(dir);
  if (entries.length !== 1) return;
  const only = join(dir, entries[0]!);
  if (!(await lstat(only)).isDirectory()) return;
  const aside = `${dir}.hoist`;
  await rename(only, aside);
  await rmdir(dir);
  await rename(aside, dir);
}
