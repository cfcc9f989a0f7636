import { constants } from "node:fs";
import { copyFile, lstat, mkdir, open, symlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { type ArchiveEntry, type ArchiveLimits, ArchiveRejection, type DataSink, tooLargeExtracted } from "./entry.ts";
import { ArchiveRules, entryPath, fileMode } from "./rules.ts";

/**
 * Writes entries under `dest` (an empty directory), re-checking every rule as it goes and
 * counting the bytes actually produced. Files are opened with O_NOFOLLOW|O_EXCL, modes are
 * 0644/0755 only, owners are ours, and symlinks are created last, after `finish` has checked
 * them all, so no write ever goes through one.
 */
export class ArchiveWriter {
  private readonly rules: ArchiveRules;
  private readonly links: { name: string; path: string; target: string }[] = [];
  private written = 0;
  constructor(
    private readonly dest: string,
    private readonly limits: ArchiveLimits,
  ) {
    this.rules = new ArchiveRules(limits);
  }

  async entry(entry: ArchiveEntry): Promise<DataSink | undefined> {
    const path = this.rules.admit(entry);
    if (path === "") return undefined;
    const full = join(this.dest, path);
    if (entry.kind === "symlink") {
      this.links.push({ name: entry.name, path: full, target: entry.linkTarget! });
      return undefined;
    }
    return onDisk(entry.name, async () => {
      if (entry.kind === "dir") {
        await mkdir(full, { recursive: true, mode: 0o755 });
        return undefined;
      }
      await mkdir(dirname(full), { recursive: true, mode: 0o755 });
      if (entry.kind === "hardlink") {
        const source = join(this.dest, entryPath(entry.linkTarget!)); // admit() checked it is a file already written
        this.count((await lstat(source)).size);
        await copyFile(source, full, constants.COPYFILE_EXCL);
        return undefined;
      }
      return this.file(entry.name, full, entry.mode);
    });
  }

  private async file(name: string, full: string, mode: number): Promise<DataSink> {
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
    const handle = await open(full, flags, fileMode(mode));
    return {
      write: (chunk) =>
        onDisk(name, async () => {
          this.count(chunk.length);
          await handle.write(chunk);
        }),
      close: () => handle.close(),
    };
  }

  private count(bytes: number): void {
    this.written += bytes;
    if (this.written > this.limits.maxBytes) throw tooLargeExtracted(this.limits.maxBytes);
  }

  /** Checks the complete set of symlinks, then creates them. */
  async finish(): Promise<void> {
    this.rules.finish();
    for (const link of this.links) {
      await onDisk(link.name, async () => {
        await mkdir(dirname(link.path), { recursive: true, mode: 0o755 });
        await symlink(link.target, link.path);
      });
    }
  }
}

/** Turns a file-system failure (no space, permissions...) into one line that names the entry. */
async function onDisk<T>(name: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof ArchiveRejection) throw error;
    const code = (error as { code?: string }).code ?? "EIO";
    const reason = (error instanceof Error ? error.message : String(error)).replace(/^[A-Z]+: /, "").replace(/, \w+ '.*$/s, "");
    throw new ArchiveRejection("rejected_extraction_failed", `Unable to extract archive entry ${JSON.stringify(name)}: ${reason}`, `entry=${name} code=${code}`, name);
  }
}
