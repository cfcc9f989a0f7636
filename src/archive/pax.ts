import { Buffer } from "node:buffer";
import { invalidArchive, unsupportedArchive } from "./entry.ts";

/** Keywords that change what an entry is; we apply them exactly as GNU tar does. */
const APPLIED = new Set(["path", "linkpath", "size"]);

/** Metadata we do not restore (times, owners, xattrs): safe to ignore, since it moves no bytes. */
const IGNORED = new Set([
  "atime", "ctime", "mtime", "uid", "gid", "uname", "gname", "comment", "charset", "hdrcharset",
  "SCHILY.dev", "SCHILY.ino", "SCHILY.nlink", "SCHILY.fflags", "LIBARCHIVE.creationtime", "LIBARCHIVE.symlinktype",
]);
const IGNORED_PREFIXES = ["SCHILY.xattr.", "LIBARCHIVE.xattr.", "SCHILY.acl.", "RHT.security."];

/**
 * Parses a pax extended header (`"<len> key=value\n"` records, len counting the whole record)
 * as strictly as GNU tar does, and refuses keywords we do not understand: GNU tar would honour
 * `GNU.sparse.*` by rewriting the entry, and an unknown keyword may mean the same to another tool.
 */
export function parsePax(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    const digits = space < 0 ? "" : body.subarray(at, space).toString("latin1");
    const length = /^[0-9]{1,10}$/.test(digits) ? Number(digits) : Number.NaN;
    const end = at + length;
    if (!Number.isSafeInteger(length) || end > body.length || end <= space + 1 || body[end - 1] !== 0x0a) {
      throw invalidArchive("tar", "malformed pax header");
    }
    const record = body.subarray(space + 1, end - 1).toString("utf8");
    const eq = record.indexOf("=");
    if (eq <= 0) throw invalidArchive("tar", "malformed pax header");
    const key = record.slice(0, eq);
    checkKeyword(key);
    out[key] = record.slice(eq + 1);
    at = end;
  }
  return out;
}

function checkKeyword(key: string): void {
  if (APPLIED.has(key) || IGNORED.has(key) || IGNORED_PREFIXES.some((prefix) => key.startsWith(prefix))) return;
  if (key.startsWith("GNU.sparse.") || key === "SCHILY.realsize") throw unsupportedArchive("sparse files");
  throw unsupportedArchive(`pax keyword ${JSON.stringify(key)}`);
}

/** The pax `size` value: decimal digits only (GNU tar refuses anything else). */
export function paxSize(value: string): number {
  const size = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(size)) throw invalidArchive("tar", `bad pax size ${JSON.stringify(value)}`);
  return size;
}
