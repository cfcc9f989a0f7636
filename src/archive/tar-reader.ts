import type { Buffer } from "node:buffer";
import { BlockReader } from "./block-reader.ts";
import { type ArchiveEntry, type EntryVisitor, invalidArchive, unsupportedArchive } from "./entry.ts";
import { paxSize, parsePax } from "./pax.ts";

const BLOCK = 512;
/** Extended headers (pax, GNU long names) are metadata: anything bigger is not a real archive. */
const MAX_META = 1 << 20;
const META_TYPES = new Set(["x", "g", "L", "K"]);

/** What the headers before a member say about it; `global` (pax "g") lasts until the next "g". */
interface Pending {
  global: Record<string, string>;
  local?: Record<string, string>;
  longName?: string;
  longLink?: string;
}

/**
 * Streams a tar archive entry by entry: ustar, pax ("x" and "g") and GNU long names ("L", "K"),
 * applied as GNU tar applies them, so what is checked is what an extractor would write. Anything
 * else (sparse files, volume labels, unknown types, bad checksums, truncation) is refused. File
 * data flows to the visitor's sink; only the current block is held in memory.
 */
export async function readTar(source: AsyncIterable<Uint8Array>, visit: EntryVisitor): Promise<void> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    await readEntries(new BlockReader(iterator), visit);
  } finally {
    await iterator.return?.(); // stops (and closes) the underlying stream when we stop early
  }
}

async function readEntries(reader: BlockReader, visit: EntryVisitor): Promise<void> {
  const pending: Pending = { global: {} };
  for (;;) {
    const block = await reader.header();
    // End of archive: GNU tar stops at the first zero block and ignores whatever follows.
    if (!block || block.every((b) => b === 0)) return;
    const header = parseHeader(block);
    if (META_TYPES.has(header.type)) {
      if (header.size > MAX_META) throw invalidArchive("tar", "oversized extended header");
      const body = await reader.body(padded(header.size));
      readMeta(header.type, body.subarray(0, header.size), pending);
      continue;
    }
    const entry = toEntry(header, pending);
    pending.local = pending.longName = pending.longLink = undefined;
    const sink = await visit(entry);
    try {
      await reader.pass(entry.size, sink);
    } finally {
      await sink?.close(); // also on failure: a file handle must never be left to the garbage collector
    }
    await reader.pass(padded(entry.size) - entry.size, undefined);
  }
}

/** A later header of the same kind replaces an earlier one (GNU tar keeps only the last). */
function readMeta(type: string, body: Buffer, pending: Pending): void {
  if (type === "x") pending.local = parsePax(body);
  else if (type === "g") pending.global = parsePax(body);
  else if (type === "L") pending.longName = cString(body);
  else pending.longLink = cString(body);
}

/** Precedence as in GNU tar: local pax, then global pax, then GNU long names, then the header. */
function toEntry(header: Header, pending: Pending): ArchiveEntry {
  const pax = { ...pending.global, ...pending.local };
  const name = pax.path ?? pending.longName ?? header.name;
  const size = pax.size !== undefined ? paxSize(pax.size) : header.size;
  let kind = kindOf(header.type, name);
  // GNU tar (after BSD tar) extracts a regular-file entry whose name ends in "/" as a directory.
  if (kind === "file" && name.endsWith("/")) kind = "dir";
  // GNU tar ignores the size of anything but a file and reads the "data" as headers: ambiguous, so refused.
  if (kind !== "file" && size !== 0) throw invalidArchive("tar", `${JSON.stringify(name)} is not a file but has data`);
  const linkTarget = kind === "symlink" || kind === "hardlink" ? (pax.linkpath ?? pending.longLink ?? header.linkname) : undefined;
  return { name, kind, size, mode: header.mode, linkTarget };
}

function kindOf(type: string, name: string): ArchiveEntry["kind"] {
  switch (type) {
    case "0": case "\0": case "7": return "file"; // "7" is a contiguous file: a regular file everywhere
    case "5": return "dir";
    case "2": return "symlink";
    case "1": return "hardlink";
    case "3": case "4": case "6": return "special"; // devices and fifos, refused by the rules with Dokku's message
    case "S": throw unsupportedArchive("sparse files", name);
    case "M": throw unsupportedArchive("multi-volume archives", name);
    case "V": throw unsupportedArchive("volume labels", name);
    default: throw unsupportedArchive(`entry type ${JSON.stringify(type)}`, name);
  }
}

interface Header {
  name: string;
  mode: number;
  size: number;
  type: string;
  linkname: string;
}

function parseHeader(block: Buffer): Header {
  const stored = number(block, 148, 8);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += byte;
    signed += byte < 128 ? byte : byte - 256;
  }
  // GNU tar accepts either sum: some old tars computed it over signed chars.
  if (stored !== unsigned && stored !== signed) throw invalidArchive("tar", "header checksum mismatch");
  let name = cString(block.subarray(0, 100));
  // The prefix field exists only in POSIX ustar; GNU's "ustar  " format keeps other data there.
  const posix = block.subarray(257, 263).toString("latin1") === "ustar\0";
  const prefix = posix ? cString(block.subarray(345, 500)) : "";
  if (prefix) name = `${prefix}/${name}`;
  const type = String.fromCharCode(block[156]!);
  return { name, mode: number(block, 100, 8), size: number(block, 124, 12), type, linkname: cString(block.subarray(157, 257)) };
}

function padded(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK;
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end < 0 ? bytes.length : end).toString("utf8");
}

/** Octal (space or NUL padded), or GNU base-256 when the high bit is set. */
function number(block: Buffer, offset: number, length: number): number {
  const field = block.subarray(offset, offset + length);
  if (field[0]! & 0x80) {
    if (field[0] === 0xff) throw invalidArchive("tar", "negative number in header");
    let value = field[0]! & 0x7f;
    for (const byte of field.subarray(1)) value = value * 256 + byte;
    if (!Number.isSafeInteger(value)) throw invalidArchive("tar", "number in header out of range");
    return value;
  }
  const digits = field.toString("latin1").replace(/[\0 ]+$/, "").trim();
  if (digits === "") return 0;
  if (!/^[0-7]+$/.test(digits)) throw invalidArchive("tar", "malformed number in header");
  return Number.parseInt(digits, 8);
}
