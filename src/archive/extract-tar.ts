import { createReadStream } from "node:fs";
import { pipeline } from "node:stream";
import { createGunzip } from "node:zlib";
import { type ArchiveLimits, ArchiveRejection, type EntryVisitor, invalidArchive, tooLargeExtracted, tooManyEntries } from "./entry.ts";
import { ArchiveRules } from "./rules.ts";
import { checkSymlinksInside } from "./symlinks.ts";
import { readTar } from "./tar-reader.ts";
import { ArchiveWriter } from "./writer.ts";

/** Header, pax header and padding blocks one entry may need. */
const HEADER_ALLOWANCE = 2048;

export interface TarOptions {
  /** The file is a gzip-compressed tar. */
  readonly gzip: boolean;
  readonly limits: ArchiveLimits;
  /** Runs between the checking pass and the writing pass (Dokku logs `extraction_started` there). */
  readonly onValidated?: () => void;
}

/**
 * Extracts a tar file into the empty directory `dest` with our own reader, so the entries that
 * are checked are exactly the entries that are written. Pass one reads every header and applies
 * every rule before anything is written; pass two writes, re-checking each rule (the file could
 * change in between); last, every symlink on disk must resolve inside `dest`. On rejection the
 * caller removes `dest`.
 */
export async function extractTarFile(file: string, dest: string, options: TarOptions): Promise<void> {
  await checkTar(file, options);
  options.onValidated?.();
  const writer = new ArchiveWriter(dest, options.limits);
  await readTarFile(file, options, (entry) => writer.entry(entry));
  await writer.finish();
  await checkSymlinksInside(dest);
}

/**
 * Pass one. Like Dokku, the entry count is judged on the whole archive before any path rule,
 * so the rules stop at the first problem while counting goes on to the end.
 */
async function checkTar(file: string, options: TarOptions): Promise<void> {
  const { maxFiles } = options.limits;
  const rules = new ArchiveRules(options.limits);
  let count = 0;
  let problem: ArchiveRejection | undefined;
  await readTarFile(file, options, async (entry) => {
    if (++count > maxFiles || problem) return undefined;
    try {
      rules.admit(entry);
    } catch (error) {
      if (!(error instanceof ArchiveRejection)) throw error;
      problem = error;
    }
    return undefined;
  });
  if (count > maxFiles) throw tooManyEntries(count, maxFiles);
  if (problem) throw problem;
  rules.finish();
}

async function readTarFile(file: string, options: TarOptions, visit: EntryVisitor): Promise<void> {
  const raw = createReadStream(file);
  const stream = options.gzip ? pipeline(raw, createGunzip(), () => {}) : raw;
  try {
    await readTar(capped(stream, options.limits), visit);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === "string" && code.startsWith("Z_")) throw invalidArchive("tar.gz", (error as Error).message);
    throw error;
  } finally {
    raw.destroy();
  }
}

/**
 * The uncompressed tar stream may hold the allowed data plus room for the allowed entries'
 * headers (and one read chunk of slack), no more: a gzip bomb of headers stops here.
 */
async function* capped(source: AsyncIterable<Uint8Array>, limits: ArchiveLimits): AsyncIterable<Uint8Array> {
  const cap = limits.maxBytes + HEADER_ALLOWANCE * (limits.maxFiles + 32);
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (total > cap) throw tooLargeExtracted(limits.maxBytes);
    yield chunk;
  }
}
