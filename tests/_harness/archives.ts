import { deflateRawSync, gzipSync } from "node:zlib";

/** A tar member for hand-made test archives: any name, any type, any link target. */
export interface TarMember {
  name: string;
  /** tar typeflag: "0" file, "5" dir, "2" symlink, "1" hardlink, "3" char device, "6" fifo, "x"/"g" pax, "L"/"K" GNU long name/link... */
  type?: string;
  data?: string | Buffer;
  linkname?: string;
  mode?: number;
  /** The size written in the header when it should differ from the data's length (a lying header). */
  size?: number;
  /** Pax records put in an "x" header just before this member. */
  pax?: Record<string, string>;
  /** Bytes 257..264: "ustar\0" + "00" (POSIX, the default) or GNU's "ustar  \0". */
  magic?: string;
  /** Bytes 345..500 (POSIX `prefix`). */
  prefix?: string;
  /** Write a wrong header checksum. */
  badChecksum?: boolean;
}

/**
 * Tar members as bytes, without the end-of-archive marker: the body of another member can hold
 * them (to hide entries behind a pax `size`), or a test can append garbage.
 */
export function tarBlocks(members: readonly TarMember[]): Buffer {
  const blocks: Buffer[] = [];
  for (const member of members) {
    if (member.pax) blocks.push(tarBlocks([{ name: "PaxHeader/x", type: "x", data: paxBody(member.pax) }]));
    const data = Buffer.from(member.data ?? "");
    blocks.push(tarHeader(member, member.size ?? data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  return Buffer.concat(blocks);
}

/** Writes a ustar archive byte by byte, so tests can build entries real tools refuse to make. */
export function makeTar(members: readonly TarMember[]): Buffer {
  return Buffer.concat([tarBlocks(members), Buffer.alloc(1024)]);
}

export function makeTarGz(members: readonly TarMember[]): Buffer {
  return gzipSync(makeTar(members));
}

/** A pax extended header body: `<len> key=value\n` records, where len counts the whole record. */
export function paxBody(records: Record<string, string>): string {
  return Object.entries(records)
    .map(([key, value]) => {
      const rest = ` ${key}=${value}\n`;
      let length = Buffer.byteLength(rest) + 1;
      while (Buffer.byteLength(`${length}${rest}`) !== length) length++;
      return `${length}${rest}`;
    })
    .join("");
}

function tarHeader(member: TarMember, size: number): Buffer {
  const header = Buffer.alloc(512);
  header.write(member.name, 0, 100, "utf8");
  header.write(octal(member.mode ?? 0o644, 8), 100, "latin1");
  header.write(octal(0, 8), 108, "latin1");
  header.write(octal(0, 8), 116, "latin1");
  header.write(octal(size, 12), 124, "latin1");
  header.write(octal(0, 12), 136, "latin1");
  header.write(member.type ?? "0", 156, "latin1");
  header.write(member.linkname ?? "", 157, 100, "utf8");
  header.write(member.magic ?? "ustar\u000000", 257, "latin1");
  if (member.prefix) header.write(member.prefix, 345, 155, "utf8");
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  if (member.badChecksum) sum += 1;
  header.write(`${sum.toString(8).padStart(6, "0")}\u0000 `, 148, "latin1");
  return header;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, "0")}\u0000`;
}

/** A zip member; `declaredSize` lets a test lie about the uncompressed size (a zip bomb). */
export interface ZipMember {
  name: string;
  data?: string | Buffer;
  /** Unix mode including the file type bits, e.g. 0o120777 for a symlink, 0o020644 for a char device. */
  mode?: number;
  deflate?: boolean;
  declaredSize?: number;
}
/** Writes a zip archive (no zip64, no data descriptors) with Unix attributes. */
export function makeZip(members: readonly ZipMember[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const member of members) {
    const raw = Buffer.from(member.data ?? "");
    const body = member.deflate ? deflateRawSync(raw) : raw;
    const name = Buffer.from(member.name, "utf8");
    const size = member.declaredSize ?? raw.length;
    const method = member.deflate ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((member.mode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
