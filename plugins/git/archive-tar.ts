import { ArchiveRejection, type ArchiveEntry } from "./archive-entries.ts";

/** Where an entry's bytes go while reading; `undefined` from the visitor skips them. `close` runs exactly once, also after a failure. */
export interface DataSink {
  write(chunk: Buffer): Promise<void>;
  close(): Promise<void>;
}

export type EntryVisitor = (entry: ArchiveEntry) => Promise<DataSink | undefined>;

const BLOCK = 512;
/** Extended headers (pax, GNU long names) are metadata: anything bigger is not a real archive. */
const MAX_META = 1 << 20;

/**
 * Streams a tar archive (ustar, pax and GNU long names) entry by entry. Only the current block
 * is held in memory; file data flows to the visitor's sink, so a large member never is.
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
  let pending: Record<string, string> = {};
  for (;;) {
    const block = await reader.take(BLOCK);
    if (!block || block.every((b) => b === 0)) return; // end-of-archive marker (or a truncated tail of zeros)
    const header = parseHeader(block);
    const size = pending.size !== undefined ? Number(pending.size) : header.size;
    if (!Number.isSafeInteger(size) || size < 0) throw invalid("bad entry size");
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    if ("xgLK".includes(header.type)) {
      if (size > MAX_META) throw invalid("oversized extended header");
      const data = await reader.take(padded);
      if (!data) throw invalid("truncated extended header");
      const text = data.subarray(0, size).toString("utf8");
      if (header.type === "x") pending = { ...pending, ...parsePax(text) };
      if (header.type === "L") pending = { ...pending, path: text.replace(/\0.*$/s, "") };
      if (header.type === "K") pending = { ...pending, linkpath: text.replace(/\0.*$/s, "") };
      continue; // "g" (global pax) carries nothing we use
    }
    const entry: ArchiveEntry = {
      name: pending.path ?? header.name,
      kind: kindOf(header.type),
      size: header.type === "1" || header.type === "2" || header.type === "5" ? 0 : size,
      mode: header.mode,
      linkTarget: pending.linkpath ?? header.linkname,
    };
    pending = {};
    const sink = await visit(entry);
    try {
      await reader.pass(size, sink);
    } finally {
      await sink?.close(); // also on failure: a file handle must never be left to the garbage collector
    }
    await reader.skip(padded - size);
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
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  if (number(block, 148, 8) !== sum) throw invalid("header checksum mismatch");
  let name = text(block, 0, 100);
  const magic = block.subarray(257, 262).toString("latin1");
  const prefix = magic === "ustar" ? text(block, 345, 155) : "";
  if (prefix) name = `${prefix}/${name}`;
  const type = String.fromCharCode(block[156]!) === "\0" ? "0" : String.fromCharCode(block[156]!);
  return { name, mode: number(block, 100, 8), size: number(block, 124, 12), type, linkname: text(block, 157, 100) };
}

function kindOf(type: string): ArchiveEntry["kind"] {
  if (type === "0" || type === "7") return "file";
  if (type === "5") return "dir";
  if (type === "2") return "symlink";
  if (type === "1") return "hardlink";
  return "special"; // character/block devices, fifos, sparse and multi-volume members
}

function text(block: Buffer, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? length : end).toString("utf8");
}

/** Octal, or GNU base-256 when the high bit is set. */
function number(block: Buffer, offset: number, length: number): number {
  const field = block.subarray(offset, offset + length);
  if (field[0]! & 0x80) {
    if (field[0] === 0xff) throw invalid("negative number in header");
    let value = field[0]! & 0x7f;
    for (const byte of field.subarray(1)) value = value * 256 + byte;
    return value;
  }
  const digits = field.toString("latin1").replace(/[\0 ]+$/, "").trim();
  if (digits === "") return 0;
  if (!/^[0-7]+$/.test(digits)) throw invalid("malformed number in header");
  return Number.parseInt(digits, 8);
}

/** `"<len> key=value\n"` records (POSIX pax). */
export function parsePax(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let rest = Buffer.from(text, "utf8");
  while (rest.length > 0) {
    const space = rest.indexOf(0x20);
    const length = Number(rest.subarray(0, space).toString("latin1"));
    if (space <= 0 || !Number.isSafeInteger(length) || length <= space || length > rest.length) throw invalid("malformed pax header");
    const record = rest.subarray(space + 1, length - 1).toString("utf8");
    const eq = record.indexOf("=");
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    rest = rest.subarray(length);
  }
  return out;
}

function invalid(why: string): ArchiveRejection {
  return new ArchiveRejection("rejected_invalid_archive", `Archive is not a valid tar file (${why})`, why);
}

/** Exact-length reads over an async byte stream. */
class BlockReader {
  private buffer = Buffer.alloc(0);
  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  private async fill(n: number): Promise<boolean> {
    while (this.buffer.length < n) {
      const next = await this.source.next();
      if (next.done) return false;
      this.buffer = this.buffer.length === 0 ? Buffer.from(next.value) : Buffer.concat([this.buffer, next.value]);
    }
    return true;
  }

  async take(n: number): Promise<Buffer | undefined> {
    if (!(await this.fill(n))) {
      if (this.buffer.length === 0) return undefined;
      throw invalid("truncated archive");
    }
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return out;
  }

  /** Hands `n` bytes to the sink (or drops them) without holding more than one chunk. */
  async pass(n: number, sink: DataSink | undefined): Promise<void> {
    let left = n;
    while (left > 0) {
      if (this.buffer.length === 0 && !(await this.fill(1))) throw invalid("truncated archive");
      const chunk = this.buffer.subarray(0, Math.min(left, this.buffer.length));
      this.buffer = this.buffer.subarray(chunk.length);
      left -= chunk.length;
      await sink?.write(chunk);
    }
  }

  async skip(n: number): Promise<void> {
    await this.pass(n, undefined);
  }
}
