// The app lock as users meet it: apps:lock refuses waiting commands at once, and a lock file left
// behind by a crashed Dokku deploy (bare PID or build id, never flock-held again) blocks nothing.
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { createTestHost } from "../_harness/host.ts";
import { commitFiles, makeRepo, push } from "./git-fixtures.ts";

describe("app locks", () => {
  test("apps:clone of an app held by apps:lock fails with the lock message instead of waiting", async () => {
    await using host = await createTestHost();
    await host.dokku(["apps:create", "src"]);
    expect((await host.dokku(["apps:lock", "src"])).code).toBe(0);
    const r = await host.dokku(["apps:clone", "src", "copy"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("src currently has a deploy lock in place. Exiting...");
    expect((await host.dokku(["apps:exists", "copy"])).code).toBe(20);
  }, 60_000);

  test("a leftover Dokku lock file (dead PID, build id) does not block a push; apps:locked agrees", async () => {
    await using host = await createTestHost();
    for (const args of [["builder:set", "--global", "selected", "null"], ["scheduler:set", "--global", "selected", "null"], ["apps:create", "lk"]]) {
      expect((await host.dokku(args)).code).toBe(0);
    }
    const lock = join(host.libRoot, "data", "apps", "lk", ".deploy.lock");
    await mkdir(dirname(lock), { recursive: true });
    const repo = await makeRepo(host, join(host.root, "src"), { "index.html": "x\n" });
    for (const content of [String(spawnSync("sleep", ["0"]).pid), "b7q3k2m9x1z0aa"]) {
      await writeFile(lock, content);
      await commitFiles(host, repo, { "lock.txt": `${content}\n` }, `after ${content}`);
      expect((await host.dokku(["apps:locked", "lk"])).code).toBe(1);
      const r = await push(host, repo, "lk", "main");
      expect(r.code).toBe(0);
      expect(r.stderr).toContain("Application deployed");
    }
  }, 60_000);
});
