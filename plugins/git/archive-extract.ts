import { constants, createReadStream } from "node:fs";
import { copyFile, lstat, mkdir, open, readdir, realpath, rename, rmdir, stat, symlink } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { pipeline } from "node:stream";
import { createGunzip } from "node:zlib";
import { ArchiveRejection, type ArchiveEntry, type ArchiveLimits, type ArchiveType, EntryBudget, checkEntry, entryPath, fileMode, tooLargeArchive, tooLargeExtracted } from "./archive-entries.ts";
import { type DataSink, type EntryVisitor, readTar } from "./archive-tar.ts";
import { openZip, readZipData, readZipDirectory, readZipText, type ZipEntry } from "./archive-zip.ts";

/** Receives `[archive-security]` events: every rejection and the start and end of an extraction. */
export type AuditLog = (event: string, details: string) => void;

/**
 * Extracts an archive file into the empty directory `dest` (reference 5.5, archive safety).
 * Pass one reads every header and enforces the rules (paths, links, special files, entry count,
 * declared sizes) before anything is written; pass two writes, counting the bytes actually
 * produced, with symlinks created last so no write ever goes through one. Afterwards every
 * symlink must still resolve inside `dest`. On rejection the caller removes `dest`.
 */
export async function extractArchive(file: string, dest: string, type: ArchiveType, limits: ArchiveLimits, audit: AuditLog): Promise<void> {
  try {
    const size = (await stat(file)).size;
    if (size > limits.maxBytes) throw tooLargeArchive(size, limits.maxBytes);
    if (type === "zip") await extractZip(file, dest, limits, audit);
    else await extractTar(file, dest, type, limits, audit);
    await checkSymlinksInside(dest);
  } catch (error) {
    if (error instanceof ArchiveRejection) audit(error.event, error.details);
    throw error;
  }
  audit("extraction_completed", `dest=${dest}`);
}

async function extractTar(file: string, dest: string, type: ArchiveType, limits: ArchiveLimits, audit: AuditLog): Promise<void> {
  const stream = () => (type === "tar.gz" ? pipeline(createReadStream(file), createGunzip(), () => {}) : createReadStream(file));
  const scan = new Rules(limits);
  await tarPass(stream(), type, async (entry) => void scan.admit(entry));
  audit("extraction_started", `dest=${dest}`);
  const writer = new Writer(dest, limits);
  await tarPass(stream(), type, (entry) => writer.entry(entry));
  await writer.finish();
}

async function tarPass(source: AsyncIterable<Uint8Array>, type: ArchiveType, visit: EntryVisitor): Promise<void> {
  try {
    await readTar(source, visit);
  } catch (error) {
    if (error instanceof ArchiveRejection) throw error;
    const code = (error as { code?: string }).code ?? "";
    if (code.startsWith("Z_")) throw new ArchiveRejection("rejected_invalid_archive", `Archive is not a valid ${type} file (${(error as Error).message})`, code);
    throw error;
  }
}

async function extractZip(file: string, dest: string, limits: ArchiveLimits, audit: AuditLog): Promise<void> {
  const handle = await openZip(file);
  try {
    const entries = await readZipDirectory(handle, (await handle.stat()).size, limits.maxFiles);
    const scan = new Rules(limits);
    const withTargets: ZipEntry[] = [];
    for (const entry of entries) {
      const full = entry.kind === "symlink" ? { ...entry, linkTarget: await readZipText(handle, file, entry) } : entry;
      scan.admit({ ...full, size: full.kind === "file" ? full.size : 0 });
      withTargets.push(full);
    }
    audit("extraction_started", `dest=${dest}`);
    const writer = new Writer(dest, limits);
    for (const entry of withTargets) {
      const sink = await writer.entry({ ...entry, size: entry.kind === "file" ? entry.size : 0 });
      if (sink) await readZipData(handle, file, entry, sink);
    }
    await writer.finish();
  } finally {
    await handle.close();
  }
}

/** The validation state of one pass: entry budget plus the symlinks and files seen so far. */
class Rules {
  private readonly budget: EntryBudget;
  readonly symlinks = new Set<string>();
  readonly files = new Set<string>();
  constructor(limits: ArchiveLimits) {
    this.budget = new EntryBudget(limits);
  }

  /** Validates and records an entry; returns its relative path ("" for the root itself). */
  admit(entry: ArchiveEntry): string {
    this.budget.add(entry);
    const path = checkEntry(entry, this.symlinks, this.files);
    if (entry.kind === "symlink") this.symlinks.add(path);
    if (entry.kind === "file" || entry.kind === "hardlink") this.files.add(path);
    return path;
  }
}

/** Pass two: writes entries under `dest`, re-checking every rule and counting real bytes. */
class Writer {
  private readonly rules: Rules;
  private readonly links: { path: string; target: string }[] = [];
  private written = 0;
  constructor(
    private readonly dest: string,
    private readonly limits: ArchiveLimits,
  ) {
    this.rules = new Rules(limits);
  }

  async entry(entry: ArchiveEntry): Promise<DataSink | undefined> {
    const path = this.rules.admit(entry);
    if (path === "") return undefined;
    const full = join(this.dest, path);
    if (entry.kind === "dir") await mkdir(full, { recursive: true, mode: 0o755 });
    else if (entry.kind === "symlink") this.links.push({ path: full, target: entry.linkTarget! });
    else if (entry.kind === "hardlink") {
      await mkdir(dirname(full), { recursive: true, mode: 0o755 });
      await copyFile(join(this.dest, entryPath(entry.linkTarget!)), full); // admit() checked the target was extracted
    } else if (entry.kind === "file") return this.file(full, entry.mode);
    return undefined;
  }

  private async file(full: string, mode: number): Promise<DataSink> {
    await mkdir(dirname(full), { recursive: true, mode: 0o755 });
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;
    const handle = await open(full, flags, fileMode(mode));
    return {
      write: async (chunk) => {
        this.written += chunk.length;
        if (this.written > this.limits.maxBytes) throw tooLargeExtracted(this.limits.maxBytes);
        await handle.write(chunk);
      },
      close: () => handle.close(),
    };
  }

  async finish(): Promise<void> {
    for (const link of this.links) {
      await mkdir(dirname(link.path), { recursive: true, mode: 0o755 });
      await symlink(link.target, link.path);
    }
  }
}

/** Dokku's post-extraction check: every symlink must resolve inside the directory (dangling ones are harmless). */
export async function checkSymlinksInside(root: string): Promise<void> {
  const base = await realpath(root);
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      if (!entry.isSymbolicLink()) continue;
      let target: string;
      try {
        target = await realpath(path);
      } catch {
        continue;
      }
      const rel = relative(base, target);
      if (rel === ".." || rel.startsWith("../") || rel.startsWith("/")) {
        throw new ArchiveRejection("rejected_extracted_symlink", "Archive contains symlinks pointing outside extraction directory", `link=${path} target=${target}`);
      }
    }
  };
  await walk(root);
}

/** When everything sits in one top-level directory (GitHub's `repo-sha/`), its contents move up. */
export async function hoistSingleDirectory(dir: string): Promise<void> {
  const entries = await readdir(dir);
  if (entries.length !== 1) return;
  const only = join(dir, entries[0]!);
  if (!(await lstat(only)).isDirectory()) return;
  const moved = join(dir, `.dokku-hoist-${process.pid}`);
  await rename(only, moved);
  for (const name of await readdir(moved)) await rename(join(moved, name), join(dir, name));
  await rmdir(moved);
}
