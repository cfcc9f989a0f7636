// git:from-archive: good archives from a file, a URL and stdin deploy; hostile ones are refused with
// nothing written outside the build directory.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { spawn } from "node:child_process";
import { mkdir, open, readdir, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { createTestHost, dokkuCommand, type RunResult, type TestHost } from "../_harness/host.ts";
import { makeTar, makeTarGz, makeZip, tarBlocks } from "../_harness/archives.ts";

let host: TestHost;
let tmp: string;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  host = await createTestHost();
  tmp = join(host.root, "tmp");
  await mkdir(tmp);
  host.env.TMPDIR = tmp; // dokku's work directories, and nothing else, go here
  for (const args of [["builder:set", "--global", "selected", "null"], ["scheduler:set", "--global", "selected", "null"], ["apps:create", "arc"]]) {
    expect((await host.dokku(args)).code).toBe(0);
  }
  server = createServer((req, res) => {
    if (req.url === "/app.tar.gz") return void res.end(makeTarGz([{ name: "site/index.html", data: "from url\n" }]));
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await host?.[Symbol.asyncDispose]();
});

async function archiveFile(name: string, bytes: Buffer): Promise<string> {
  const file = join(host.root, name);
  await writeFile(file, bytes);
  return file;
}

/** Runs dokku with a file as its stdin (the harness only pipes text). */
async function dokkuWithStdin(args: string[], file: string): Promise<RunResult> {
  const handle = await open(file, "r");
  try {
    const [command, ...rest] = dokkuCommand();
    const child = spawn(command!, [...rest, ...args], { env: host.env, stdio: [handle.fd, "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr!.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? 1)));
    return { code, stdout, stderr };
  } finally {
    await handle.close();
  }
}

const headOf = async () => (await host.dokku(["git:report", "arc", "--git-sha"])).stdout.trim();

describe("git:from-archive", () => {
  test("a tar file deploys, with its single top-level directory hoisted", async () => {
    const file = await archiveFile("ok.tar", makeTar([{ name: "proj/", type: "5" }, { name: "proj/index.html", data: "tar\n" }]));
    const r = await host.dokku(["git:from-archive", "arc", file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("=====> Application deployed:");
    expect(r.stderr).toContain("event=extraction_completed archive_type=tar");
    const show = await host.dokku(["git:report", "arc", "--git-sha"]);
    expect(show.stdout.trim()).toMatch(/^[0-9a-f]{40}$/);
    expect((await host.dokku(["apps:report", "arc", "--app-deploy-source"])).stdout.trim()).toBe("tar");
  });

  test("the same archive again changes nothing and exits 0", async () => {
    const file = join(host.root, "ok.tar");
    const r = await host.dokku(["git:from-archive", "arc", file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("No changes detected, skipping git commit");
  });

  test("a zip from stdin and a tar.gz from a URL deploy", async () => {
    const before = await headOf();
    const zipFile = await archiveFile("stdin.zip", makeZip([{ name: "index.html", data: "zip\n" }]));
    const zip = await dokkuWithStdin(["git:from-archive", "--archive-type", "zip", "arc", "--"], zipFile);
    expect(zip.code).toBe(0);
    expect(await headOf()).not.toBe(before);
    const url = await host.dokku(["git:from-archive", "--archive-type=tar.gz", "arc", `${baseUrl}/app.tar.gz`]);
    expect(url.code).toBe(0);
    expect((await host.dokku(["apps:report", "arc", "--app-deploy-source-metadata"])).stdout.trim()).toBe(`${baseUrl}/app.tar.gz`);
    const missing = await host.dokku(["git:from-archive", "arc", `${baseUrl}/nope.tar`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("HTTP 404");
  });

  const escape = () => join(host.root, "escaped.txt");
  const hostile: [string, "tar" | "tar.gz" | "zip", () => Buffer, string][] = [
    ["../ entry", "tar", () => makeTar([{ name: "ok.txt", data: "1" }, { name: "../../escaped.txt", data: "x" }]), "Archive contains entries with parent directory traversal"],
    ["absolute entry", "tar.gz", () => makeTarGz([{ name: escape(), data: "x" }]), "Archive contains entries with absolute paths"],
    ["symlink outside", "tar", () => makeTar([{ name: "l", type: "2", linkname: "../../../escaped.txt" }]), "Archive contains symlinks pointing outside extraction directory"],
    ["symlink then write through it", "tar", () => makeTar([{ name: "l", type: "2", linkname: "." }, { name: "l/x", data: "x" }]), "Archive contains entries inside a symlinked directory"],
    ["device file", "tar", () => makeTar([{ name: "dev", type: "3" }]), "Archive contains device files or other special entries"],
    ["zip bomb", "zip", () => makeZip([{ name: "zeros", data: Buffer.alloc(8 << 20), deflate: true, declaredSize: 10 }]), "Archive entry zeros is larger than its declared size"],
    ["zip symlink outside", "zip", () => makeZip([{ name: "l", data: "/etc/passwd", mode: 0o120777 }]), "Archive contains symlinks with absolute targets"],
    ["a symlink, then a file with the same name", "tar", () => makeTar([{ name: "same", type: "2", linkname: "x" }, { name: "same", data: "x" }]), "Archive contains duplicate entries"],
    ["a file, then a directory with the same name", "tar", () => makeTar([{ name: "same", data: "x" }, { name: "same/", type: "5" }]), "Archive contains duplicate entries"],
    ["a file used as a directory", "tar", () => makeTar([{ name: "f", data: "x" }, { name: "f/x", data: "x" }]), "Archive contains entries below a file"],
    ["a 300-character name", "tar", () => makeTar([{ name: "n".repeat(300), pax: { path: "n".repeat(300) }, data: "x" }]), "Archive contains entries with names that are too long"],
    ["a dangling symlink out through another symlink", "tar", () => makeTar([{ name: "x/", type: "5" }, { name: "x/up", type: "2", linkname: ".." }, { name: "y", type: "2", linkname: "x/up/../escaped.txt" }]), "Archive contains symlinks pointing outside extraction directory"],
    ["entries hidden behind a pax size=0", "tar", () => makeTar([{ name: "readme", pax: { size: "0" }, data: tarBlocks([{ name: "l", type: "2", linkname: escape() }]) }]), "Archive contains symlinks with absolute targets"],
    ["a sparse file", "tar", () => makeTar([{ name: "sparse", pax: { "GNU.sparse.size": "10" }, data: "x" }]), "Archive uses tar features that are not supported"],
    ["a bad header checksum", "tar", () => makeTar([{ name: "f", data: "x", badChecksum: true }]), "Archive is not a valid tar file (header checksum mismatch)"],
    ["a truncated archive", "tar.gz", () => gzipSync(makeTar([{ name: "f", data: "x".repeat(4000) }]).subarray(0, 2048)), "Archive is not a valid tar file (truncated archive)"],
  ];

  test.each(hostile)("%s: clear error, nothing deployed, nothing written outside", async (_name, type, bytes, message) => {
    const before = await headOf();
    const file = await archiveFile(`hostile.${type}`, bytes());
    const r = await host.dokku(["git:from-archive", "--archive-type", type, "arc", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(` !     ${message}`);
    expect(r.stderr).toMatch(/\[archive-security\] timestamp=\S+ user=\S+ event=rejected_\w+ archive_type=/);
    expect(r.stderr).not.toContain("Unexpected error");
    expect(await headOf()).toBe(before);
    expect(existsSync(escape())).toBe(false);
    expect(await readdir(tmp)).toEqual([]);
  });

  test("archive limits come from git:set --global", async () => {
    expect((await host.dokku(["git:set", "arc", "archive-max-size", "10"])).stderr).toContain("Property can only be specified globally");
    expect((await host.dokku(["git:set", "--global", "archive-max-size", "2000"])).code).toBe(0);
    const file = await archiveFile("big.tar.gz", makeTarGz([{ name: "zeros", data: Buffer.alloc(1 << 20) }]));
    const r = await host.dokku(["git:from-archive", "--archive-type", "tar.gz", "arc", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Archive would extract to more than the maximum allowed size of 2000 bytes");
    const stdin = await host.dokku(["git:from-archive", "arc", "--"], { input: "x".repeat(5000) });
    expect(stdin.stderr).toContain("Archive exceeds maximum allowed size of 2000 bytes");
    await host.dokku(["git:set", "--global", "archive-max-size", ""]);
    expect(await readdir(tmp)).toEqual([]);
  });

  test("too many entries: Dokku's message, counted over the whole archive", async () => {
    expect((await host.dokku(["git:set", "--global", "archive-max-files", "3"])).code).toBe(0);
    const many = Array.from({ length: 5 }, (_, i) => ({ name: i === 0 ? "../first-is-traversal" : `f${i}`, data: "x" }));
    const r = await host.dokku(["git:from-archive", "arc", await archiveFile("many.tar", makeTar(many))]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(" !     Archive contains 5 entries which exceeds the maximum of 3");
    expect(r.stderr).toContain("event=rejected_archive_too_many_files");
    await host.dokku(["git:set", "--global", "archive-max-files", ""]);
    expect(await readdir(tmp)).toEqual([]);
  });

  test("an archive with no files is refused with a clear error and no commit", async () => {
    const before = await headOf();
    const file = await archiveFile("empty.tar", makeTar([]));
    const r = await host.dokku(["git:from-archive", "arc", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("The source contains no files: nothing to deploy");
    expect(await headOf()).toBe(before);
    expect(await readdir(tmp)).toEqual([]);
  });

  test("bad arguments", async () => {
    expect((await host.dokku(["git:from-archive", "--archive-type", "rar", "arc", "x"])).stderr).toContain("Invalid archive type specified");
    expect((await host.dokku(["git:from-archive", "arc"])).stderr).toContain("Please specify an archive url");
    expect((await host.dokku(["git:from-archive", "arc", "ftp://example.invalid/a.tar"])).stderr).toContain("Unsupported archive URL");
    expect((await host.dokku(["git:from-archive", "nope", "x"])).code).toBe(20);
  });
});
