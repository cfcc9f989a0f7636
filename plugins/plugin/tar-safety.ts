import { Buffer } from "node:buffer";
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { UserError, errorMessage } from "../../src/core/errors.ts";

/** One archive member as `tar` will see it: path, type flag and link target. */
export interface TarEntry {
  readonly name: string;
  readonly type: "file" | "dir" | "symlink" | "hardlink" | "other";
  readonly link: string;
}

/** Unpacked size we are willing to inspect (a gzip bomb fails here, before tar runs). */
const MAX_UNPACKED = 512 * 1024 * 1024;

/** Lists a .tar.gz by reading its headers ourselves (no parsing of `tar -tv` text). */
export async function listTarball(file: string): Promise<TarEntry[]> {
  let data: Buffer;
  try {
    data = gunzipSync(await readFile(file), { maxOutputLength: MAX_UNPACKED });
  } catch (error) {
    throw new UserError(`Cannot read plugin archive ${file}: ${errorMessage(error)}`);
  }
  return parseTar(data);
}

/** Walks ustar/GNU/pax headers; long names and pax `path`/`linkpath` are applied like GNU tar does. */
export function parseTar(data: Uint8Array): TarEntry[] {
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const entries: TarEntry[] = [];
  let longName: string | undefined;
  let longLink: string | undefined;
  let pax: Record<string, string> = {};
  let offset = 0;
  while (offset + 512 <= buffer.length) {
    const header = buffer.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    if (!checksumOk(header)) throw new UserError("Plugin archive is corrupt (bad tar header checksum)");
    if ((header[124]! & 0x80) !== 0) throw new UserError("Plugin archive uses an unsupported size encoding");
    const size = Number.parseInt(text(header, 124, 12).trim() || "0", 8);
    if (!Number.isFinite(size) || size < 0) throw new UserError("Plugin archive is corrupt (bad size field)");
    const flag = header[156] === 0 ? "0" : String.fromCharCode(header[156]!);
    const body = buffer.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (flag === "L") longName = cString(body);
    else if (flag === "K") longLink = cString(body);
    else if (flag === "x") pax = parsePax(body);
    else if (flag === "g") {
      if ("path" in parsePax(body) || "linkpath" in parsePax(body)) throw new UserError("Plugin archive sets a global path header");
    } else {
      const prefix = text(header, 257, 6).startsWith("ustar") ? text(header, 345, 155) : "";
      const base = text(header, 0, 100);
      const name = pax.path ?? longName ?? (prefix ? `${prefix}/${base}` : base);
      const link = pax.linkpath ?? longLink ?? text(header, 157, 100);
      entries.push({ name, type: typeOf(flag), link });
      longName = longLink = undefined;
      pax = {};
    }
  }
  return entries;
}

/**
 * Refuses anything that could write outside the extraction directory or create odd files:
 * absolute names, `..`, links that leave the tree or run through another link, devices and fifos.
 */
export function assertSafeEntries(entries: readonly TarEntry[]): void {
  const links = new Set(entries.filter((e) => e.type === "symlink" || e.type === "hardlink").map((e) => segments(e.name).join("/")));
  const throughLink = (parts: readonly string[]) => parts.some((_, i) => i < parts.length - 1 && links.has(parts.slice(0, i + 1).join("/")));
  for (const entry of entries) {
    const refuse = (why: string): never => {
      throw new UserError(`Refusing plugin archive: entry ${JSON.stringify(entry.name)} ${why}`);
    };
    if (entry.type === "other") refuse("is a device, fifo or unknown file type");
    if (entry.name.startsWith("/")) refuse("has an absolute path");
    const parts = segments(entry.name);
    if (parts.includes("..")) refuse("contains '..'");
    if (parts.length === 0) continue; // "./" itself
    if (throughLink(parts)) refuse("is inside a linked directory");
    if (entry.type === "hardlink") {
      const target = segments(entry.link);
      if (entry.link.startsWith("/") || target.includes("..") || throughLink(target)) refuse("is a hard link out of the archive");
    }
    if (entry.type === "symlink") {
      if (entry.link.startsWith("/")) refuse("is a symlink to an absolute path");
      const problem = walkLink(parts.slice(0, -1), entry.link, links);
      if (problem) refuse(problem);
    }
  }
}

/**
 * Follows a symlink target step by step from its directory: it must stay inside the tree, and
 * must not run through another link (where `..` would mean something else on disk).
 */
function walkLink(dir: readonly string[], link: string, links: ReadonlySet<string>): string | undefined {
  const stack = [...dir];
  const parts = segments(link);
  for (const [i, part] of parts.entries()) {
    if (part === "..") {
      if (stack.length === 0) return "is a symlink pointing outside the plugin";
      stack.pop();
      continue;
    }
    stack.push(part);
    if (i < parts.length - 1 && links.has(stack.join("/"))) return "is a symlink through another link";
  }
  return undefined;
}

function segments(path: string): string[] {
  return path.split("/").filter((part) => part !== "" && part !== ".");
}

function typeOf(flag: string): TarEntry["type"] {
  if (flag === "0" || flag === "7") return "file";
  if (flag === "5") return "dir";
  if (flag === "2") return "symlink";
  if (flag === "1") return "hardlink";
  return "other";
}

function text(header: Buffer, start: number, length: number): string {
  return cString(header.subarray(start, start + length));
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end < 0 ? bytes.length : end).toString("utf8");
}

function checksumOk(header: Buffer): boolean {
  const stored = Number.parseInt(text(header, 148, 8).trim(), 8);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
  return sum === stored;
}

/** Pax records: `<len> <key>=<value>\n`, where len counts the whole record. */
function parsePax(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let offset = 0;
  while (offset < body.length) {
    const space = body.indexOf(0x20, offset);
    if (space < 0) break;
    const length = Number.parseInt(body.subarray(offset, space).toString("ascii"), 10);
    if (!Number.isFinite(length) || length <= 0) throw new UserError("Plugin archive has a corrupt pax header");
    const record = body.subarray(space + 1, offset + length - 1).toString("utf8");
    const eq = record.indexOf("=");
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    offset += length;
  }
  return out;
}
