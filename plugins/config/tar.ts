/** One regular file for {@link buildTar}. */
export interface TarEntry {
  name: string;
  data: Uint8Array;
  /** Permission bits (default 0600, as `config:bundle` uses). */
  mode?: number;
}

const BLOCK = 512;
const NAME_MAX = 100;
const encoder = new TextEncoder();

/**
 * A POSIX ustar archive of regular files, built in memory (`config:bundle`: one file per key).
 * Names longer than the 100-byte ustar field get a PAX `path` record, as Go's archive/tar does.
 */
export function buildTar(entries: readonly TarEntry[], mtime = Math.floor(Date.now() / 1000)): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    const name = encoder.encode(entry.name);
    if (name.length > NAME_MAX) {
      const pax = encoder.encode(paxRecord("path", entry.name));
      parts.push(header({ name: encoder.encode("PaxHeaders/entry").slice(0, NAME_MAX), mode: 0o644, size: pax.length, mtime, type: "x" }));
      parts.push(padded(pax));
    }
    const mode = entry.mode ?? 0o600;
    parts.push(header({ name: name.slice(0, NAME_MAX), mode, size: entry.data.length, mtime, type: "0" }));
    parts.push(padded(entry.data));
  }
  parts.push(new Uint8Array(BLOCK * 2)); // end-of-archive marker
  return concat(parts);
}

interface HeaderFields {
  name: Uint8Array;
  mode: number;
  size: number;
  mtime: number;
  type: "0" | "x";
}

function header(fields: HeaderFields): Uint8Array {
  const block = new Uint8Array(BLOCK);
  block.set(fields.name, 0);
  writeOctal(block, 100, 8, fields.mode);
  writeOctal(block, 108, 8, 0); // uid
  writeOctal(block, 116, 8, 0); // gid
  writeOctal(block, 124, 12, fields.size);
  writeOctal(block, 136, 12, fields.mtime);
  block.fill(0x20, 148, 156); // checksum is computed with its own field as spaces
  block[156] = fields.type.charCodeAt(0);
  block.set(encoder.encode("ustar\u0000"), 257);
  block.set(encoder.encode("00"), 263);
  const sum = block.reduce((total, byte) => total + byte, 0);
  block.set(encoder.encode(`${sum.toString(8).padStart(6, "0")}\u0000 `), 148);
  return block;
}

/** NUL-terminated, zero-padded octal in a field of `width` bytes. */
function writeOctal(block: Uint8Array, offset: number, width: number, value: number): void {
  const text = value.toString(8).padStart(width - 1, "0");
  if (text.length > width - 1) throw new Error(`Value ${value} does not fit a ${width}-byte tar field`);
  block.set(encoder.encode(`${text}\u0000`), offset);
}

/** `"<len> key=value\n"` where len counts the whole record, its own digits included. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLength = encoder.encode(body).length;
  let length = bodyLength + 1;
  while (String(length).length + bodyLength !== length) length = String(length).length + bodyLength;
  return `${length}${body}`;
}

function padded(data: Uint8Array): Uint8Array {
  const size = Math.ceil(data.length / BLOCK) * BLOCK;
  const out = new Uint8Array(size);
  out.set(data);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
