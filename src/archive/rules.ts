import { Buffer } from "node:buffer";
import { posix } from "node:path";
import { type ArchiveEntry, type ArchiveLimits, ArchiveRejection, tooLargeExtracted, tooManyEntries } from "./entry.ts";
import { linkEscapes } from "./symlinks.ts";

/** Linux NAME_MAX: one path component. */
const MAX_NAME_BYTES = 255;
/** A whole relative path, leaving PATH_MAX room for the directory we extract into. */
const MAX_PATH_BYTES = 3072;
/** PATH_MAX minus the NUL: the longest symlink target the kernel stores. */
const MAX_LINK_BYTES = 4095;

/**
 * The path an entry will be written to, relative to the extraction root: `./` prefixes and
 * repeated or trailing slashes removed. `""` is the root itself. Throws on absolute names,
 * `..` components, NUL bytes, empty names and names the file system cannot hold.
 */
export function entryPath(name: string): string {
  if (name === "" || name.includes("\0")) throw new ArchiveRejection("rejected_invalid_name", "Archive contains entries with invalid names", `name=${JSON.stringify(name)}`, name);
  if (name.startsWith("/")) throw new ArchiveRejection("rejected_absolute_path", "Archive contains entries with absolute paths", `entry=${name}`, name);
  const parts = name.split("/").filter((part) => part !== "" && part !== ".");
  if (parts.includes("..")) throw new ArchiveRejection("rejected_path_traversal", "Archive contains entries with parent directory traversal", `entry=${name}`, name);
  const path = parts.join("/");
  if (Buffer.byteLength(path) > MAX_PATH_BYTES || parts.some((part) => Buffer.byteLength(part) > MAX_NAME_BYTES)) {
    throw new ArchiveRejection("rejected_long_name", "Archive contains entries with names that are too long", `entry=${name.slice(0, 200)}`, name);
  }
  return path;
}

interface Node {
  kind: "dir" | "file" | "symlink";
  size: number;
}

/**
 * The tree an archive will produce, built entry by entry, refusing anything that could write
 * outside the root or make what lands on disk differ from what was checked: devices and fifos,
 * duplicate names, entries below a symlink or a file, hard links to anything but a file already
 * in the archive, symlinks that leave the root (directly, or through other links: see `finish`),
 * more entries or declared bytes than the limits allow.
 */
export class ArchiveRules {
  private readonly nodes = new Map<string, Node>();
  private readonly links = new Map<string, string>();
  private count = 0;
  private bytes = 0;
  constructor(private readonly limits: ArchiveLimits) {}

  /** Validates and records an entry; returns its relative path ("" for the root itself). */
  admit(entry: ArchiveEntry): string {
    if (++this.count > this.limits.maxFiles) throw tooManyEntries(this.count, this.limits.maxFiles);
    const path = entryPath(entry.name);
    const refuse = (event: string, message: string, details = `entry=${entry.name}`) => new ArchiveRejection(event, message, details, entry.name);
    if (entry.kind === "special") throw refuse("rejected_special_file", "Archive contains device files or other special entries");
    if (path === "") {
      if (entry.kind !== "dir") throw refuse("rejected_invalid_name", "Archive contains entries with invalid names");
      return path;
    }
    this.claimParents(path, refuse);
    const existing = this.nodes.get(path);
    // dokku-compat: GNU tar lets a later entry replace an earlier one; we refuse, so that a check never sees one and the disk the other.
    if (existing && !(existing.kind === "dir" && entry.kind === "dir")) throw refuse("rejected_duplicate_entry", "Archive contains duplicate entries");
    let size = entry.kind === "file" ? entry.size : 0;
    if (entry.kind === "symlink") this.admitSymlink(path, entry.linkTarget ?? "", refuse);
    if (entry.kind === "hardlink") {
      const target = this.nodes.get(entryPath(entry.linkTarget ?? ""));
      if (target?.kind !== "file") throw refuse("rejected_unsafe_hardlink", "Archive contains hard links to files outside the archive", `entry=${entry.name} target=${entry.linkTarget}`);
      size = target.size; // extracted as a copy
    }
    this.bytes += size;
    if (this.bytes > this.limits.maxBytes) throw tooLargeExtracted(this.limits.maxBytes);
    this.nodes.set(path, { kind: entry.kind === "dir" || entry.kind === "symlink" ? entry.kind : "file", size });
    return path;
  }

  /**
   * Checks every symlink once the whole tree is known: followed through the archive's other
   * links, as the kernel will once they exist on disk, it must never leave the root.
   */
  finish(): void {
    for (const [path, target] of this.links) {
      const verdict = linkEscapes(path, this.links);
      if (verdict === "outside") throw new ArchiveRejection("rejected_unsafe_symlink", "Archive contains symlinks pointing outside extraction directory", `entry=${path} target=${target}`, path);
      if (verdict === "loop") throw new ArchiveRejection("rejected_unsafe_symlink", "Archive contains symlinks that loop", `entry=${path} target=${target}`, path);
    }
  }

  /** Parents become directories; nothing may sit below a symlink or a file. */
  private claimParents(path: string, refuse: (event: string, message: string) => ArchiveRejection): void {
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join("/");
      const node = this.nodes.get(parent);
      if (node?.kind === "symlink") throw refuse("rejected_unsafe_symlink", "Archive contains entries inside a symlinked directory");
      if (node?.kind === "file") throw refuse("rejected_duplicate_entry", "Archive contains entries below a file");
      if (!node) this.nodes.set(parent, { kind: "dir", size: 0 });
    }
  }

  private admitSymlink(path: string, target: string, refuse: (event: string, message: string, details?: string) => ArchiveRejection): void {
    const details = `entry=${path} target=${target}`;
    if (target === "" || target.includes("\0") || Buffer.byteLength(target) > MAX_LINK_BYTES) throw refuse("rejected_unsafe_symlink", "Archive contains symlinks with invalid targets");
    if (target.startsWith("/")) throw refuse("rejected_unsafe_symlink", "Archive contains symlinks with absolute targets", details);
    const resolved = posix.normalize(posix.join(posix.dirname(path), target));
    if (resolved === ".." || resolved.startsWith("../")) throw refuse("rejected_unsafe_symlink", "Archive contains symlinks pointing outside extraction directory", details);
    this.links.set(path, target);
  }
}

/** Mode bits we keep on extracted files: executable or not, nothing else (no setuid, no group write). */
export function fileMode(mode: number): number {
  return mode & 0o111 ? 0o755 : 0o644;
}
