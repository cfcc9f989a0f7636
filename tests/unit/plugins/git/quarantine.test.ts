import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateQuarantine } from "../../../../plugins/git/quarantine.ts";

let root: string;
let quarantine: string;
let objects: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "quarantine-test-"));
  objects = join(root, "objects");
  quarantine = join(objects, "tmp_objdir-incoming-abc");
  for (const dir of ["ab", "pack"]) await mkdir(join(quarantine, dir), { recursive: true });
  await writeFile(join(quarantine, "ab", "cdef"), "loose");
  for (const name of ["pack-1.pack", "pack-1.idx", "pack-1.rev", "pack-1.keep", "tmp_pack_x"]) await writeFile(join(quarantine, "pack", name), name);
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe("migrateQuarantine", () => {
  test("loose objects and packs land in the object store; .keep and temporaries stay behind", async () => {
    await migrateQuarantine(quarantine, objects);
    expect(await readFile(join(objects, "ab", "cdef"), "utf8")).toBe("loose");
    expect((await readdir(join(objects, "pack"))).sort()).toEqual(["pack-1.idx", "pack-1.pack", "pack-1.rev"]);
    // Hard links: the objects survive receive-pack deleting its quarantine.
    expect((await stat(join(objects, "ab", "cdef"))).nlink).toBe(2);
    await rm(quarantine, { recursive: true });
    expect(existsSync(join(objects, "pack", "pack-1.pack"))).toBe(true);
  });

  test("objects already in the store are left as they are", async () => {
    await mkdir(join(objects, "ab"), { recursive: true });
    await writeFile(join(objects, "ab", "cdef"), "loose");
    await migrateQuarantine(quarantine, objects);
    await migrateQuarantine(quarantine, objects);
    expect(await readFile(join(objects, "ab", "cdef"), "utf8")).toBe("loose");
  });
});
