import { expect, test } from "bun:test";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveBinary } from "../../../src/docker/cli.ts";

test("resolveBinary finds the first executable on the snapshot's PATH; paths and misses stay as given", async () => {
  const root = await mkdtemp(join(tmpdir(), "dokku-unit-bin-"));
  try {
    for (const dir of ["a", "b"]) await mkdir(join(root, dir));
    await writeFile(join(root, "a", "docker"), "not executable");
    await writeFile(join(root, "b", "docker"), "#!/bin/sh\n");
    await chmod(join(root, "b", "docker"), 0o755);
    expect(resolveBinary("docker", `${join(root, "a")}::${join(root, "b")}`)).toBe(join(root, "b", "docker"));
    expect(resolveBinary("docker", join(root, "a"))).toBe("docker");
    expect(resolveBinary("/opt/docker", join(root, "b"))).toBe("/opt/docker");
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
