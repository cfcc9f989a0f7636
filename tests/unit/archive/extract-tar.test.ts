import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { type ArchiveLimits, ArchiveRejection } from "../../../src/archive/entry.ts";
import { extractTarFile } from "../../../src/archive/extract-tar.ts";
import { makeTar, tarBlocks, type TarMember } from "../../_harness/archives.ts";

let root: string;
let dest: string;
let validated: number;
const LIMITS: ArchiveLimits = { maxBytes: 1 << 20, maxFiles: 100 };

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "dokku-extract-tar-"));
  dest = join(root, "dest");
  await mkdir(dest);
  validated = 0;
});
afterEach(() => rm(root, { recursive: true, force: true }));

async function extract(bytes: Buffer, options: { gzip?: boolean; limits?: ArchiveLimits } = {}): Promise<void> {
  const file = join(root, "archive");
  await writeFile(file, options.gzip ? gzipSync(bytes) : bytes);
  await extractTarFile(file, dest, { gzip: options.gzip ?? false, limits: options.limits ?? LIMITS, onValidated: () => validated++ });
}

/** Refused with `message`, before anything was written. */
async function expectRefused(members: TarMember[] | Buffer, message: string, limits = LIMITS): Promise<ArchiveRejection> {
  const error = await extract(Buffer.isBuffer(members) ? members : makeTar(members), { limits }).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ArchiveRejection);
  expect((error as Error).message).toBe(message);
  expect(await readdir(dest)).toEqual([]);
  expect(validated).toBe(0);
  return error as ArchiveRejection;
}

describe("extractTarFile", () => {
  test("writes files, directories, symlinks and hard links with sane modes", async () => {
    await extract(
      makeTar([
        { name: "./", type: "5" },
        { name: "app/run.sh", data: "#!/bin/sh\n", mode: 0o4755 },
        { name: "app/data", data: "d", mode: 0o666 },
        { name: "app/link", type: "2", linkname: "data" },
        { name: "app/hard", type: "1", linkname: "app/data" },
        { name: "app/empty/", type: "5", mode: 0o7777 },
      ]),
      { gzip: true },
    );
    expect((await stat(join(dest, "app/run.sh"))).mode & 0o7777).toBe(0o755); // no setuid
    expect((await stat(join(dest, "app/data"))).mode & 0o777).toBe(0o644);
    expect((await stat(join(dest, "app/empty"))).mode & 0o7000).toBe(0);
    expect(await readlink(join(dest, "app/link"))).toBe("data");
    expect(await readFile(join(dest, "app/hard"), "utf8")).toBe("d");
    expect((await lstat(join(dest, "app/hard"))).nlink).toBe(1); // a copy, not a link to something we do not own
    expect(validated).toBe(1);
  });

  test("entries hidden behind a pax size=0 are checked, because they are what gets extracted", async () => {
    const hidden = tarBlocks([{ name: "null", type: "3" }]);
    await expectRefused([{ name: "readme", pax: { size: "0" }, data: hidden }], "Archive contains device files or other special entries");
  });

  test("a symlink, then a file with the same name", async () => {
    await expectRefused([{ name: "same", type: "2", linkname: "x" }, { name: "same", data: "x" }], "Archive contains duplicate entries");
  });

  test("a 300-character name", async () => {
    const name = "n".repeat(300);
    await expectRefused([{ name, pax: { path: name }, data: "x" }], "Archive contains entries with names that are too long");
  });

  test("a dangling symlink that leaves the tree through a later symlink", async () => {
    await expectRefused([{ name: "y", type: "2", linkname: "x/up/../escaped" }, { name: "x/up", type: "2", linkname: ".." }], "Archive contains symlinks pointing outside extraction directory");
  });

  test("the entry count is Dokku's message, over the whole archive, before any path rule", async () => {
    const members = Array.from({ length: 7 }, (_, i) => ({ name: i === 0 ? "/abs" : `f${i}`, data: "x" }));
    const error = await expectRefused(members, "Archive contains 7 entries which exceeds the maximum of 3", { maxBytes: 1 << 20, maxFiles: 3 });
    expect(error.details).toBe("count=7 max=3");
  });

  test("a gzip bomb of empty headers stops at the stream limit", async () => {
    const members = Array.from({ length: 2000 }, (_, i) => ({ name: `f${i}` }));
    const file = join(root, "bomb.tar.gz");
    await writeFile(file, gzipSync(makeTar(members)));
    const error = await extractTarFile(file, dest, { gzip: true, limits: { maxBytes: 1000, maxFiles: 3 } }).then(() => undefined, (e: unknown) => e);
    expect((error as Error).message).toBe("Archive would extract to more than the maximum allowed size of 1000 bytes");
  });

  test("a gzip stream that is not a tar, and bytes that are not gzip", async () => {
    expect(await extract(Buffer.from("hello ".repeat(200)), { gzip: true }).catch((e: Error) => e.message)).toMatch(/^Archive is not a valid tar file/);
    await writeFile(join(root, "plain"), "not gzip at all");
    const error = await extractTarFile(join(root, "plain"), dest, { gzip: true, limits: LIMITS }).catch((e: Error) => e.message);
    expect(error).toMatch(/^Archive is not a valid tar\.gz file \(/);
  });

  test("a file-system failure is one line naming the entry", async () => {
    await rm(dest, { recursive: true });
    await writeFile(dest, "a file where the directory should be");
    const error = await extract(makeTar([{ name: "a", data: "x" }])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArchiveRejection);
    expect((error as Error).message).toMatch(/^Unable to extract archive entry "a": (file already exists|not a directory)$/);
  });
});
