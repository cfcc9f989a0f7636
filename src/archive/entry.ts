import type { Buffer } from "node:buffer";
import { UserError } from "../core/errors.ts";

/** One archive member (tar or zip) as it will land on disk. */
export interface ArchiveEntry {
  /** The name as stored in the archive, after pax and GNU long-name headers are applied. */
  readonly name: string;
  readonly kind: "file" | "dir" | "symlink" | "hardlink" | "special";
  /** Bytes of data that follow; 0 for everything but regular files. */
  readonly size: number;
  readonly mode: number;
  /** Symlink or hardlink target. */
  readonly linkTarget?: string;
}

export interface ArchiveLimits {
  /** Largest archive file and largest total extracted size, in bytes. */
  readonly maxBytes: number;
  /** Most entries. */
  readonly maxFiles: number;
}

/** Where an entry's bytes go while reading; `close` runs exactly once, also after a failure. */
export interface DataSink {
  write(chunk: Buffer): Promise<void>;
  close(): Promise<void>;
}

/** Called once per entry; returns where a file's data goes, or `undefined` to skip it. */
export type EntryVisitor = (entry: ArchiveEntry) => Promise<DataSink | undefined>;

/**
 * A refused archive. `message` is the one line the user sees (Dokku's wording where Dokku has
 * one); `event` and `details` feed the `[archive-security]` log; `entry` names the culprit.
 */
export class ArchiveRejection extends UserError {
  constructor(
    readonly event: string,
    message: string,
    readonly details: string,
    readonly entry?: string,
  ) {
    super(message);
  }
}

export function tooLargeArchive(size: number, max: number): ArchiveRejection {
  // dokku-compat: common/archive-functions wording.
  return new ArchiveRejection("rejected_archive_too_large", `Archive exceeds maximum allowed size of ${max} bytes`, `size=${size} max=${max}`);
}

export function tooLargeExtracted(max: number): ArchiveRejection {
  return new ArchiveRejection("rejected_archive_too_large", `Archive would extract to more than the maximum allowed size of ${max} bytes`, `max=${max}`);
}

export function tooManyEntries(count: number, max: number): ArchiveRejection {
  // dokku-compat: common/archive-functions wording.
  return new ArchiveRejection("rejected_archive_too_many_files", `Archive contains ${count} entries which exceeds the maximum of ${max}`, `count=${count} max=${max}`);
}

/** Bytes that are not a well-formed archive of the expected format. */
export function invalidArchive(format: string, why: string): ArchiveRejection {
  return new ArchiveRejection("rejected_invalid_archive", `Archive is not a valid ${format} file (${why})`, `reason=${why}`);
}

/** A well-formed archive using something we do not extract (sparse files, volume labels...). */
export function unsupportedArchive(why: string, entry?: string): ArchiveRejection {
  return new ArchiveRejection("rejected_unsupported_archive", `Archive uses tar features that are not supported (${why})`, entry === undefined ? `reason=${why}` : `entry=${entry} reason=${why}`, entry);
}
