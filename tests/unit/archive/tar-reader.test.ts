import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ArchiveEntry, ArchiveRejection } from "../../../src/archive/entry.ts";
import { readTar } from "../../../src/archive/tar-reader.ts";
import { makeTar, paxBody, tarBlocks, type TarMember } from "../../_harness/archives.ts";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "dokku-tar-reader-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Feeds the bytes in awkward chunk sizes, so block boundaries never line up with reads. */
async function* chunks(bytes: Buffer, size = 700): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function entries(bytes: Buffer): Promise<(ArchiveEntry & { data?: string })[]> {
  const out: (ArchiveEntry & { data?: string })[] = [];
  await readTar(chunks(bytes), async (entry) => {
    const seen: ArchiveEntry & { data?: string } = { ...entry };
    out.push(seen);
    if (entry.kind !== "file") return undefined;
    seen.data = "";
    return { write: async (chunk) => void (seen.data += chunk.toString("utf8")), close: async () => {} };
  });
  return out;
}

async function refusal(bytes: Buffer): Promise<string> {
  const error = await entries(bytes).then(() => undefined, (e: unknown) => e);
  if (!(error instanceof ArchiveRejection)) throw new Error(`expected a rejection, got ${String(error)}`);
  return error.message;
}

/** What GNU tar lists for the same bytes: the entries an extraction with GNU tar would write. */
async function gnuNames(bytes: Buffer): Promise<string[]> {
  const file = join(root, `gnu-${Math.random().toString(36).slice(2)}.tar`);
  await writeFile(file, bytes);
  return spawnSync("tar", ["-tf", file]).stdout.toString("utf8").split("\n").filter(Boolean);
}

const global = (records: Record<string, string>): TarMember => ({ name: "pax_global_header", type: "g", data: paxBody(records) });
const longName = (type: "L" | "K", name: string): TarMember => ({ name: "././@LongLink", type, data: `${name}\0` });

describe("readTar reads what GNU tar reads", () => {
  const hidden = tarBlocks([{ name: "p/evil", type: "2", linkname: "/etc/passwd" }, { name: "p/up", type: "2", linkname: "../../x" }]);
  const cases: [string, TarMember[], string[]][] = [
    ["a pax size=0 exposes the entries inside the data", [{ name: "p/readme", pax: { size: "0" }, data: hidden }, { name: "p/after", data: "a" }], ["p/readme", "p/evil", "p/up", "p/after"]],
    ["a global pax size=0 applies to every later entry", [global({ size: "0" }), { name: "p/readme", data: hidden }], ["p/readme", "p/evil", "p/up"]],
    ["a pax size larger than the header's", [{ name: "p/o", pax: { size: "3" }, size: 0, data: "abc" }], ["p/o"]],
    ["pax path wins over a GNU long name, in either order", [longName("L", "p/long"), { name: "p/a", pax: { path: "p/pax" } }, { name: "p/b", pax: { path: "p/pax2" } }], ["p/pax", "p/pax2"]],
    ["a global pax path wins over a GNU long name", [global({ path: "p/g" }), longName("L", "p/long"), { name: "p/orig" }], ["p/g"]],
    ["a later global header replaces an earlier one", [global({ path: "p/g1" }), global({ comment: "x" }), { name: "p/one" }], ["p/one"]],
    ["a later long name replaces an earlier one", [longName("L", "p/l1"), longName("L", "p/l2"), { name: "p/orig" }], ["p/l2"]],
    ["the ustar prefix field", [{ name: "name", prefix: "pre/fix" }], ["pre/fix/name"]],
    ["GNU's old magic has no prefix field", [{ name: "name", prefix: "junk", magic: "ustar  \u0000" }], ["name"]],
    ["a regular file whose name ends in a slash", [{ name: "p/slash/" }, { name: "p/slash/x", data: "x" }], ["p/slash/", "p/slash/x"]],
    ["a lone zero block ends the archive", [{ name: "p/one", data: "1" }], ["p/one"]],
  ];
  test.each(cases)("%s", async (_label, members, names) => {
    const bytes = _label.startsWith("a lone zero block") ? Buffer.concat([tarBlocks(members), Buffer.alloc(512), makeTar([{ name: "p/two", data: "2" }])]) : makeTar(members);
    expect((await entries(bytes)).map((e) => e.name)).toEqual(names);
    expect(await gnuNames(bytes)).toEqual(names);
  });

  test("trailing garbage after the end marker, and a partial block at the very end, are ignored", async () => {
    const withGarbage = Buffer.concat([makeTar([{ name: "a", data: "a" }]), Buffer.from("garbage ".repeat(100))]);
    const partial = Buffer.concat([tarBlocks([{ name: "a", data: "a" }]), Buffer.from("junk")]);
    for (const bytes of [withGarbage, partial]) {
      expect((await entries(bytes)).map((e) => e.name)).toEqual(["a"]);
      expect(await gnuNames(bytes)).toEqual(["a"]);
    }
  });

  test("archives made by GNU tar and git archive", async () => {
    const src = join(root, "src");
    const long = `${"n".repeat(120)}/${"f".repeat(120)}.txt`;
    await mkdir(join(src, "n".repeat(120)), { recursive: true });
    await writeFile(join(src, long), "long");
    await writeFile(join(src, "x.sh"), "#!/bin/sh\n", { mode: 0o755 });
    spawnSync("ln", ["-s", long, join(src, "l".repeat(150))]);
    for (const format of ["pax", "gnu", "ustar"]) {
      const tar = spawnSync("tar", [`--format=${format}`, "-cf", "-", "-C", src, "."], { maxBuffer: 1 << 26 });
      if (format === "ustar") {
        expect(tar.status).not.toBe(0); // the 150-character link name does not fit ustar
        continue;
      }
      const found = await entries(tar.stdout);
      expect(found.map((e) => e.name)).toEqual(await gnuNames(tar.stdout));
      expect(found.find((e) => e.name === `./${long}`)).toMatchObject({ kind: "file", data: "long" });
      expect(found.find((e) => e.name === `./${"l".repeat(150)}`)).toMatchObject({ kind: "symlink", linkTarget: long });
    }
    const git = (...args: string[]) => spawnSync("git", ["-C", src, "-c", "user.name=t", "-c", "user.email=t@t", ...args], { maxBuffer: 1 << 26 });
    git("init", "-q");
    git("add", "-A");
    git("commit", "-qm", "x");
    const archive = git("archive", "--format=tar", "--prefix=repo-abc/", "HEAD").stdout;
    expect((await entries(archive)).map((e) => e.name)).toEqual(await gnuNames(archive));
  });
});

describe("readTar refuses what it does not understand", () => {
  test.each([
    ["a sparse member", [{ name: "s", type: "S", data: "x" }], "Archive uses tar features that are not supported (sparse files)"],
    ["GNU sparse pax keywords", [{ name: "s", pax: { "GNU.sparse.size": "10" }, data: "x" }], "Archive uses tar features that are not supported (sparse files)"],
    ["an unknown pax keyword", [{ name: "s", pax: { frobnicate: "1" }, data: "x" }], 'Archive uses tar features that are not supported (pax keyword "frobnicate")'],
    ["a volume label", [{ name: "vol", type: "V" }], "Archive uses tar features that are not supported (volume labels)"],
    ["a multi-volume member", [{ name: "m", type: "M" }], "Archive uses tar features that are not supported (multi-volume archives)"],
    ["an unknown type flag", [{ name: "q", type: "Q", data: "x" }], 'Archive uses tar features that are not supported (entry type "Q")'],
    ["a bad pax size", [{ name: "s", pax: { size: "abc" }, data: "x" }], 'Archive is not a valid tar file (bad pax size "abc")'],
    ["a negative pax size", [{ name: "s", pax: { size: "-1" }, data: "x" }], 'Archive is not a valid tar file (bad pax size "-1")'],
    ["a malformed pax record", [{ name: "PaxHeader", type: "x", data: "5 a=b\n99 path=zz\n" }, { name: "s" }], "Archive is not a valid tar file (malformed pax header)"],
    ["a pax record without a newline", [{ name: "PaxHeader", type: "x", data: "9 path=a " }, { name: "s" }], "Archive is not a valid tar file (malformed pax header)"],
    ["a bad checksum", [{ name: "ok", data: "x" }, { name: "bad", data: "x", badChecksum: true }], "Archive is not a valid tar file (header checksum mismatch)"],
    ["a symlink with data (GNU tar would read it as headers)", [{ name: "l", type: "2", linkname: "x", data: tarBlocks([{ name: "hidden" }]) }], 'Archive is not a valid tar file ("l" is not a file but has data)'],
    ["a directory given data by pax", [{ name: "d/", type: "5", pax: { size: "512" }, data: tarBlocks([{ name: "hidden" }]) }], 'Archive is not a valid tar file ("d/" is not a file but has data)'],
  ] as [string, TarMember[], string][])("%s", async (_label, members, message) => {
    expect(await refusal(makeTar(members))).toBe(message);
  });

  test("truncated data, padding and extended headers", async () => {
    const whole = makeTar([{ name: "f", data: "x".repeat(1000) }]);
    expect(await refusal(whole.subarray(0, 700))).toBe("Archive is not a valid tar file (truncated archive)");
    expect(await refusal(whole.subarray(0, 512 + 1000))).toBe("Archive is not a valid tar file (truncated archive)");
    const pax = tarBlocks([{ name: "f", pax: { path: "p".repeat(2000) } }]);
    expect(await refusal(pax.subarray(0, 1024))).toBe("Archive is not a valid tar file (truncated archive)");
  });

  test("an extended header bigger than any real one", async () => {
    expect(await refusal(makeTar([{ name: "L", type: "L", size: 2 << 20, data: "x" }]))).toBe("Archive is not a valid tar file (oversized extended header)");
  });

  test("metadata keywords that move no bytes are accepted and ignored", async () => {
    const bytes = makeTar([global({ comment: "0123abcd" }), { name: "f", pax: { mtime: "1.5", "SCHILY.xattr.user.a": "b", "LIBARCHIVE.xattr.c": "d", uname: "me" }, data: "x" }]);
    expect(await entries(bytes)).toEqual([{ name: "f", kind: "file", size: 1, mode: 0o644, linkTarget: undefined, data: "x" }]);
  });

  test("an old tar's signed header checksum is accepted, as GNU tar does", async () => {
    const bytes = makeTar([{ name: "é-file", data: "x" }]);
    let signed = 0;
    for (let i = 0; i < 512; i++) signed += i >= 148 && i < 156 ? 0x20 : bytes[i]! < 128 ? bytes[i]! : bytes[i]! - 256;
    bytes.write(`${signed.toString(8).padStart(6, "0")}\u0000 `, 148, "latin1");
    expect((await entries(bytes)).map((e) => e.name)).toEqual(["é-file"]);
    expect(await gnuNames(bytes)).toEqual(["é-file"]);
  });
});
