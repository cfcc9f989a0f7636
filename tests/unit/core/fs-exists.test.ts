import { expect, test } from "bun:test";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { exists } from "../../../src/core/fs-exists.ts";
import { tmpRoot } from "./_context.ts";

test("exists() tells files, directories and absent paths apart, following links", async () => {
  await using root = await tmpRoot();
  const file = join(root.path, "file");
  const dir = join(root.path, "dir");
  await writeFile(file, "x");
  await mkdir(dir);
  await symlink(file, join(root.path, "link"));
  const answers = async (path: string) => [await exists(path), await exists(path, "file"), await exists(path, "directory")];
  expect({
    file: await answers(file),
    dir: await answers(dir),
    link: await answers(join(root.path, "link")),
    missing: await answers(join(root.path, "missing")),
    underFile: await answers(join(file, "child")),
  }).toEqual({
    file: [true, true, false],
    dir: [true, false, true],
    link: [true, true, false],
    missing: [false, false, false],
    underFile: [false, false, false],
  });
});

test("exists() throws when the path cannot be looked at, instead of calling it absent", async () => {
  await using root = await tmpRoot();
  const loop = join(root.path, "loop");
  await symlink(loop, loop);
  await expect(exists(loop)).rejects.toThrow(/ELOOP/);
});
