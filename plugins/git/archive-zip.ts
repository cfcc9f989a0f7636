import { createReadStream } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { createInflateRaw } from "node:zlib";
import { type ArchiveEntry, ArchiveRejection, type DataSink, invalidArchive, tooManyEntries } from "../../src/archive/entry.ts";

/** A zip member from the central directory, with what is needed to read its data. */
export interface ZipEntry extends ArchiveEntry {
  readonly method: number;
  readonly compressedSize: number;
  readonly localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const S_IFMT = 0o170000;

/** Reads the central directory: names, kinds and declared sizes, without inflating anything. */
export async function readZipDirectory(file: FileHandle, fileSize: number, maxFiles: number): Promise<ZipEntry[]> {
  const tailLength = Math.min(fileSize, 22 + 0xffff);
  const tail = await readAt(file, fileSize - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) if (tail.readUInt32LE(i) === EOCD) { eocd = i; break; }
  if (eocd < 0) throw invalid("no end of central directory");
  const count = tail.readUInt16LE(eocd + 10);
  const size = tail.readUInt32LE(eocd + 12);
  const offset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw invalid("zip64 archives are not supported");
  if (count > maxFiles) throw tooManyEntries(count, maxFiles);
  if (offset + size > fileSize) throw invalid("central directory out of range");
  const directory = await readAt(file, offset, size);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL) throw invalid("bad central directory entry");
    const nameLength = directory.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
    if (next > directory.length) throw invalid("bad central directory entry");
    entries.push(centralEntry(directory, at, directory.subarray(at + 46, at + 46 + nameLength).toString("utf8")));
    at = next;
  }
  for (const entry of entries) if (entry.localOffset + 30 + entry.compressedSize > fileSize) throw invalid("entry data out of range");
  return entries;
}

function centralEntry(d: Buffer, at: number, name: string): ZipEntry {
  const flags = d.readUInt16LE(at + 8);
  const method = d.readUInt16LE(at + 10);
  if (flags & 1) throw new ArchiveRejection("rejected_encrypted_entry", "Archive contains encrypted entries", `entry=${name}`);
  if (method !== 0 && method !== 8) throw invalid(`unsupported compression method ${method} for ${name}`);
  const unix = d.readUInt8(at + 5) === 3;
  const attributes = d.readUInt32LE(at + 38) >>> 16;
  const type = unix ? attributes & S_IFMT : 0;
  let kind: ArchiveEntry["kind"] = "file";
  if (name.endsWith("/") || type === 0o040000) kind = "dir";
  else if (type === 0o120000) kind = "symlink";
  else if (type !== 0 && type !== 0o100000) kind = "special";
  return {
    name,
    kind,
    size: d.readUInt32LE(at + 24),
    mode: unix ? attributes & 0o7777 : 0o644,
    method,
    compressedSize: d.readUInt32LE(at + 20),
    localOffset: d.readUInt32LE(at + 42),
  };
}

/**
 * Streams one member's data to `sink`, inflating when needed. More bytes than the central
 * directory declared means a lying header (a zip bomb): rejected as soon as it is seen.
 */
export async function readZipData(file: FileHandle, path: string, entry: ZipEntry, sink: DataSink): Promise<void> {
  const local = await readAt(file, entry.localOffset, 30);
  if (local.readUInt32LE(0) !== LOCAL) throw invalid(`bad local header for ${entry.name}`);
  const start = entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const raw = createReadStream(path, { start, end: Math.max(start, start + entry.compressedSize - 1) });
  const source = entry.compressedSize === 0 ? [] : entry.method === 8 ? raw.pipe(createInflateRaw()) : raw;
  let written = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      written += chunk.length;
      if (written > entry.size) {
        throw new ArchiveRejection("rejected_zip_bomb", `Archive entry ${entry.name} is larger than its declared size`, `entry=${entry.name} declared=${entry.size}`);
      }
      await sink.write(chunk);
    }
  } catch (error) {
    if (error instanceof ArchiveRejection) throw error;
    throw invalid(`corrupt data for ${entry.name}: ${(error as Error).message}`);
  } finally {
    raw.destroy();
    await sink.close();
  }
}

/** A small member's contents as text (symlink targets). */
export async function readZipText(file: FileHandle, path: string, entry: ZipEntry): Promise<string> {
  if (entry.size > 4096) throw new ArchiveRejection("rejected_unsafe_symlink", "Archive contains symlinks with invalid targets", `entry=${entry.name}`);
  const chunks: Buffer[] = [];
  await readZipData(file, path, entry, { write: async (c) => void chunks.push(c), close: async () => {} });
  return Buffer.concat(chunks).toString("utf8");
}

export async function openZip(path: string): Promise<FileHandle> {
  return open(path, "r");
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  if (bytesRead !== length) throw invalid("truncated archive");
  return buffer;
}

function invalid(why: string): ArchiveRejection {
  return invalidArchive("zip", why);
}
