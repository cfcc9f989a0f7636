import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkSymlinksInside, linkEscapes } from "../../../src/archive/symlinks.ts";

test.each([
  [{ l: "a" }, "l", "inside"],
  [{ "d/l": "../a" }, "d/l", "inside"],
  [{ "d/l": "../.." }, "d/l", "outside"],
  [{ l: "/etc" }, "l", "outside"],
  [{ "x/up": "..", y: "x/up/../escaped" }, "y", "outside"],
  [{ "x/up": "..", y: "x/up/inside" }, "y", "inside"],
  [{ "bin/t": "../lib/cur/t", "lib/cur": "v1" }, "bin/t", "inside"],
  [{ "bin/t": "../lib/cur/../../..", "lib/cur": "v1" }, "bin/t", "outside"],
  [{ "lib/cur": "/opt", "bin/t": "../lib/cur/t" }, "bin/t", "outside"],
  [{ a: "b", b: "a" }, "a", "loop"],
  [{ a: "a/x" }, "a", "loop"],
] as [Record<string, string>, string, ReturnType<typeof linkEscapes>][])("%p: %s is %s", (links, path, verdict) => {
  expect(linkEscapes(path, new Map(Object.entries(links)))).toBe(verdict);
});

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "dokku-symlinks-"));
  await mkdir(join(root, "dest", "d"), { recursive: true });
});
afterEach(() => rm(root, { recursive: true, force: true }));

test("checkSymlinksInside catches a link on disk that resolves outside", async () => {
  await symlink("../x", join(root, "dest", "d", "in"));
  await symlink("missing/../../..", join(root, "dest", "dangling"));
  await checkSymlinksInside(join(root, "dest"));
  await symlink(root, join(root, "dest", "d", "up"));
  await expect(checkSymlinksInside(join(root, "dest"))).rejects.toThrow("Archive contains symlinks pointing outside extraction directory");
});
