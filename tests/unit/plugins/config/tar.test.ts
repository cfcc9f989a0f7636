import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildTar } from "../../../../plugins/config/tar.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

/** Extracts an archive with the system tar and returns name -> content. */
function extract(archive: Uint8Array): { dir: string; files: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), "dokku-tar-"));
  const result = spawnSync("tar", ["-x", "-f", "-", "-C", dir], { input: archive });
  expect(result.stderr.toString()).toBe("");
  expect(result.status).toBe(0);
  const list = spawnSync("tar", ["-t", "-f", "-"], { input: archive }).stdout.toString().trim().split("\n").filter(Boolean);
  return { dir, files: Object.fromEntries(list.map((name) => [name, readFileSync(join(dir, name), "utf8")])) };
}

describe("buildTar", () => {
  test("GNU tar extracts every file with its exact content and mode 0600", () => {
    const long = `K${"x".repeat(150)}`;
    const archive = buildTar(
      [
        { name: "A", data: bytes("") },
        { name: "B", data: bytes("multi\nline 'q' \"d\" $(x) ü\n") },
        { name: "C", data: bytes("z".repeat(1500)) },
        { name: long, data: bytes("long name") },
      ],
      1_700_000_000,
    );
    expect(archive.length % 512).toBe(0);
    const { dir, files } = extract(archive);
    try {
      expect(files).toEqual({ A: "", B: "multi\nline 'q' \"d\" $(x) ü\n", C: "z".repeat(1500), [long]: "long name" });
      expect(statSync(join(dir, "B")).mode & 0o777).toBe(0o600);
      expect(Math.floor(statSync(join(dir, "B")).mtimeMs / 1000)).toBe(1_700_000_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("an empty environment is a valid empty archive", () => {
    const archive = buildTar([]);
    expect(archive.length).toBe(1024);
    expect(spawnSync("tar", ["-t", "-f", "-"], { input: archive }).status).toBe(0);
  });
});
