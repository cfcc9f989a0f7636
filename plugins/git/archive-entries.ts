import { posix } from "node:path";

/** One member of a tar or zip archive, in the terms the safety rules need. */
export interface ArchiveEntry {
  /** The name as stored in the archive. */
  readonly name: string;
  readonly kind: "file" | "dir" | "symlink" | "hardlink" | "special";
  /** Uncompressed size in bytes, as declared by the archive. */
  readonly size: number;
  readonly mode: number;
  /** Symlink or hardlink target. */
  readonly linkTarget?: string;
}

export type ArchiveType = "tar" | "tar.gz" | "zip";
export const ARCHIVE_TYPES: readonly ArchiveType[] = ["tar", "tar.gz", "zip"];

export interface ArchiveLimits {
  /** Largest archive file and largest total extracted size, in bytes. */
  readonly maxBytes: number;
  /** Most entries. */
  readonly maxFiles: number;
}

/** A rejected archive: `event` is the `[archive-security]` event name, `message` what the user sees. */
export class ArchiveRejection extends Error {
  constructor(
    readonly event: string,
    message: string,
    readonly details: string,
  ) {
    super(message);
  }
}

/**
 * The path an entry will be written to, relative to the extraction root: `./` prefixes and
 * repeated or trailing slashes removed. `""` is the root itself. Throws on absolute names,
 * `..` components and NUL bytes (common/archive-functions).
 */
export function entryPath(name: string): string {
  if (name.includes("\0")) throw new ArchiveRejection("rejected_invalid_name", "Archive contains entries with invalid names", `name=${JSON.stringify(name)}`);
  if (name.startsWith("/")) throw new ArchiveRejection("rejected_absolute_path", "Archive contains entries with absolute paths", `entry=${name}`);
  const parts = name.split("/").filter((part) => part !== "" && part !== ".");
  if (parts.includes("..")) throw new ArchiveRejection("rejected_path_traversal", "Archive contains entries with parent directory traversal", `entry=${name}`);
  return parts.join("/");
}

/**
 * Validates one entry against the ones before it and returns its relative path. Symlinks must
 * stay inside the root; nothing may be written below a symlink (links are created last, so a
 * write never follows one); devices, fifos and other special files are refused outright.
 */
export function checkEntry(entry: ArchiveEntry, symlinks: ReadonlySet<string>, files: ReadonlySet<string>): string {
  const path = entryPath(entry.name);
  if (entry.kind === "special") {
    throw new ArchiveRejection("rejected_special_file", "Archive contains device files or other special entries", `entry=${entry.name}`);
  }
  const parents = path.split("/").slice(0, -1).map((_, i, all) => all.slice(0, i + 1).join("/"));
  if (parents.some((parent) => symlinks.has(parent))) {
    throw new ArchiveRejection("rejected_unsafe_symlink", "Archive contains entries inside a symlinked directory", `entry=${entry.name}`);
  }
  if (entry.kind === "symlink") checkSymlink(path, entry.linkTarget ?? "", entry.name);
  if (entry.kind === "hardlink") {
    const target = entryPath(entry.linkTarget ?? "");
    if (!files.has(target)) throw new ArchiveRejection("rejected_unsafe_hardlink", "Archive contains hard links to files outside the archive", `entry=${entry.name} target=${entry.linkTarget}`);
  }
  return path;
}

function checkSymlink(path: string, target: string, name: string): void {
  if (target === "" || target.includes("\0")) throw new ArchiveRejection("rejected_unsafe_symlink", "Archive contains symlinks with invalid targets", `entry=${name}`);
  if (target.startsWith("/")) throw new ArchiveRejection("rejected_unsafe_symlink", "Archive contains symlinks with absolute targets", `entry=${name} target=${target}`);
  const resolved = posix.normalize(posix.join(posix.dirname(path), target));
  if (resolved === ".." || resolved.startsWith("../")) {
    throw new ArchiveRejection("rejected_unsafe_symlink", "Archive contains symlinks pointing outside extraction directory", `entry=${name} target=${target}`);
  }
}

/** Running totals checked against the limits as entries are seen. */
export class EntryBudget {
  private count = 0;
  private bytes = 0;
  constructor(private readonly limits: ArchiveLimits) {}

  add(entry: ArchiveEntry): void {
    this.count++;
    if (this.count > this.limits.maxFiles) {
      throw new ArchiveRejection("rejected_archive_too_many_files", `Archive contains more than ${this.limits.maxFiles} entries, the maximum allowed`, `max=${this.limits.maxFiles}`);
    }
    this.bytes += entry.size;
    if (this.bytes > this.limits.maxBytes) throw tooLargeExtracted(this.limits.maxBytes);
  }
}

export function tooLargeExtracted(max: number): ArchiveRejection {
  return new ArchiveRejection("rejected_archive_too_large", `Archive would extract to more than the maximum allowed size of ${max} bytes`, `max=${max}`);
}

export function tooLargeArchive(size: number, max: number): ArchiveRejection {
  // dokku-compat: common/archive-functions wording.
  return new ArchiveRejection("rejected_archive_too_large", `Archive exceeds maximum allowed size of ${max} bytes`, `size=${size} max=${max}`);
}

/** Mode bits we keep on extracted files: executable or not, nothing else (no setuid, no group write). */
export function fileMode(mode: number): number {
  return mode & 0o111 ? 0o755 : 0o644;
}
