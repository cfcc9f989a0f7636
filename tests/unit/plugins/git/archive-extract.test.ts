import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { type ArchiveLimits, ArchiveRejection } from "../../../../src/archive/entry.ts";
import type { ArchiveType } from "../../../../plugins/git/archive-type.ts";
import { extractArchive, hoistSingleDirectory } from "../../../../plugins/git/archive-extract.ts";
import { makeTar, makeTarGz, makeZip, type TarMember } from "../../../_harness/archives.ts";

let root: string;
let dest: string;
const events: string[] = [];
const LIMITS: ArchiveLimits = { maxBytes: 1 << 20, maxFiles: 100 };

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "dokku-archive-test-"));
  dest = join(root, "parent", "build");
  await mkdir(dest, { recursive: true });
  events.length = 0;
});
afterEach(() => rm(root, { recursive: true, force: true }));

async function extract(bytes: Buffer, type: ArchiveType, limits = LIMITS): Promise<void> {
  const file = join(root, `archive.${type}`);
  await writeFile(file, bytes);
  await extractArchive(file, dest, type, limits, (event) => events.push(event));
}

/** Extraction must fail with `message`, leave nothing in the build dir's parent, and log the event. */
async function expectRejected(bytes: Buffer, type: ArchiveType, message: string | RegExp, limits = LIMITS): Promise<void> {
  const error = await extract(bytes, type, limits).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ArchiveRejection);
  expect((error as Error).message).toMatch(message);
  expect(await readdir(join(root, "parent"))).toEqual(["build"]);
  expect(await readdir(dest)).toEqual([]); // rules run before the first write
  expect(events.some((e) => e.startsWith("rejected_"))).toBe(true);
}

describe("valid archives", () => {
  const members: TarMember[] = [
    { name: "app/", type: "5" },
    { name: "app/run.sh", data: "#!/bin/sh\n", mode: 0o755 },
    { name: "app/lib/x.txt", data: "x" },
    { name: "app/link", type: "2", linkname: "lib/x.txt" },
    { name: "app/hard", type: "1", linkname: "app/lib/x.txt" },
  ];

  test.each(["tar", "tar.gz"] as const)("%s: files, modes, symlinks and hard links", async (type) => {
    await extract(type === "tar" ? makeTar(members) : makeTarGz(members), type);
    expect((await stat(join(dest, "app/run.sh"))).mode & 0o777).toBe(0o755);
    expect(await readFile(join(dest, "app/lib/x.txt"), "utf8")).toBe("x");
    expect(await readlink(join(dest, "app/link"))).toBe("lib/x.txt");
    expect(await readFile(join(dest, "app/hard"), "utf8")).toBe("x");
    expect(events).toEqual(["extraction_started", "extraction_completed"]);
  });

  test("zip: stored and deflated members, directories and symlinks", async () => {
    await extract(
      makeZip([
        { name: "d/", mode: 0o040755 },
        { name: "d/a.txt", data: "a".repeat(1000), deflate: true },
        { name: "d/b", data: "b", mode: 0o100755 },
        { name: "d/l", data: "a.txt", mode: 0o120777 },
      ]),
      "zip",
    );
    expect(await readFile(join(dest, "d/a.txt"), "utf8")).toBe("a".repeat(1000));
    expect((await stat(join(dest, "d/b"))).mode & 0o777).toBe(0o755);
    expect(await readlink(join(dest, "d/l"))).toBe("a.txt");
  });

  test("a tar made by GNU tar with long names and pax headers", async () => {
    const src = join(root, "src");
    const long = `${"n".repeat(120)}/${"f".repeat(120)}.txt`;
    await mkdir(join(src, "n".repeat(120)), { recursive: true });
    await writeFile(join(src, long), "long");
    const out = join(root, "gnu.tar");
    expect(spawnSync("tar", ["--format=pax", "-cf", out, "-C", src, "."]).status).toBe(0);
    await extractArchive(out, dest, "tar", LIMITS, () => {});
    expect(await readFile(join(dest, long), "utf8")).toBe("long");
  });
});

describe("hostile archives", () => {
  test.each(["tar", "tar.gz", "zip"] as const)("%s: ../ entry", async (type) => {
    const bytes = type === "zip" ? makeZip([{ name: "../escape.txt", data: "x" }]) : pack(type, [{ name: "ok.txt", data: "1" }, { name: "../escape.txt", data: "x" }]);
    await expectRejected(bytes, type, "Archive contains entries with parent directory traversal");
  });

  test.each(["tar", "zip"] as const)("%s: absolute entry", async (type) => {
    const bytes = type === "zip" ? makeZip([{ name: `${root}/abs.txt`, data: "x" }]) : makeTar([{ name: `${root}/abs.txt`, data: "x" }]);
    await expectRejected(bytes, type, "Archive contains entries with absolute paths");
  });

  test.each(["tar", "zip"] as const)("%s: symlink pointing outside", async (type) => {
    const bytes = type === "zip" ? makeZip([{ name: "l", data: "../../x", mode: 0o120777 }]) : makeTar([{ name: "l", type: "2", linkname: "../../x" }]);
    await expectRejected(bytes, type, "Archive contains symlinks pointing outside extraction directory");
  });

  test("symlink with an absolute target", async () => {
    await expectRejected(makeTar([{ name: "l", type: "2", linkname: "/etc" }]), "tar", "Archive contains symlinks with absolute targets");
  });

  test("a file written through a symlinked directory", async () => {
    await expectRejected(makeTar([{ name: "d", type: "2", linkname: "." }, { name: "d/x", data: "x" }]), "tar", "Archive contains entries inside a symlinked directory");
  });

  test.each([["3", "character device"], ["4", "block device"], ["6", "fifo"]])("tar type %s (%s)", async (type) => {
    await expectRejected(makeTar([{ name: "dev", type }]), "tar", "Archive contains device files or other special entries");
  });

  test("zip character device", async () => {
    await expectRejected(makeZip([{ name: "dev", mode: 0o020644 }]), "zip", "Archive contains device files or other special entries");
  });

  test("hard link to a file outside the archive", async () => {
    await expectRejected(makeTar([{ name: "h", type: "1", linkname: "/etc/passwd" }]), "tar", "Archive contains entries with absolute paths");
  });

  test("zip bomb: honest declared sizes above the limit", async () => {
    const zeros = Buffer.alloc(4 << 20);
    await expectRejected(makeZip([{ name: "zeros", data: zeros, deflate: true }]), "zip", /extract to more than the maximum/);
  });

  test("zip bomb: a member that inflates past its declared size", async () => {
    const zeros = Buffer.alloc(4 << 20);
    const error = await extract(makeZip([{ name: "zeros", data: zeros, deflate: true, declaredSize: 100 }]), "zip").then(() => undefined, (e: unknown) => e);
    expect((error as Error).message).toBe("Archive entry zeros is larger than its declared size");
    expect(events).toContain("rejected_zip_bomb");
  });

  test("tar.gz bomb: declared sizes above the limit are refused before inflating them", async () => {
    await expectRejected(makeTarGz([{ name: "zeros", data: Buffer.alloc(2 << 20) }]), "tar.gz", /extract to more than the maximum/);
  });

  test("too many entries", async () => {
    const many = Array.from({ length: 5 }, (_, i) => ({ name: `f${i}`, data: "x" }));
    await expectRejected(makeTar(many), "tar", "Archive contains 5 entries which exceeds the maximum of 3", { maxBytes: 1 << 20, maxFiles: 3 });
    await expectRejected(makeZip(many), "zip", "Archive contains 5 entries which exceeds the maximum of 3", { maxBytes: 1 << 20, maxFiles: 3 });
  });

  test("an archive file larger than the limit", async () => {
    await expectRejected(makeTar([{ name: "f", data: "x".repeat(2000) }]), "tar", "Archive exceeds maximum allowed size of 1000 bytes", { maxBytes: 1000, maxFiles: 10 });
  });

  test.each(["tar", "tar.gz", "zip"] as const)("%s: garbage is not an archive", async (type) => {
    await expectRejected(Buffer.from("this is not an archive, just some text ".repeat(20)), type, /not a valid/);
  });

  test("a gzip stream that is not a tar", async () => {
    await expectRejected(gzipSync(Buffer.from("hello ".repeat(200))), "tar.gz", /not a valid tar/);
  });
});

test("hoistSingleDirectory moves a lone top-level directory's contents up", async () => {
  await mkdir(join(dest, "repo-abc", "repo-abc"), { recursive: true });
  await writeFile(join(dest, "repo-abc", "f"), "1");
  await hoistSingleDirectory(dest);
  expect((await readdir(dest)).sort()).toEqual(["f", "repo-abc"]);
  await hoistSingleDirectory(dest); // two entries now: nothing moves
  expect((await readdir(dest)).sort()).toEqual(["f", "repo-abc"]);
  expect(await readdir(join(root, "parent"))).toEqual(["build"]);
});

test("hoistSingleDirectory is not confused by names inside the archive", async () => {
  await mkdir(join(dest, "top", `.dokku-hoist-${process.pid}`), { recursive: true });
  await writeFile(join(dest, "top", `.dokku-hoist-${process.pid}`, "f"), "1");
  await hoistSingleDirectory(dest);
  expect(await readFile(join(dest, `.dokku-hoist-${process.pid}`, "f"), "utf8")).toBe("1");
});

function pack(type: "tar" | "tar.gz", members: TarMember[]): Buffer {
  return type === "tar" ? makeTar(members) : makeTarGz(members);
}
