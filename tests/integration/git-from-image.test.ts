// git:from-image and git:load-image against a real daemon (the offline base image; nothing is pulled).
// The null builder and scheduler keep this about the git side: the generated Dockerfile and the records.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { TEST_IMAGES, ensureTestImages, requireDocker } from "../_harness/docker.ts";
import { createTestHost, dokkuCommand, type TestHost } from "../_harness/host.ts";

const skipReason = await requireDocker();

describe.skipIf(skipReason !== undefined)("git:from-image / git:load-image", () => {
  let host: TestHost;

  beforeAll(async () => {
    await ensureTestImages();
    host = await createTestHost();
    for (const args of [["builder:set", "--global", "selected", "null"], ["scheduler:set", "--global", "selected", "null"], ["apps:create", "img"]]) {
      expect((await host.dokku(args)).code).toBe(0);
    }
  }, 15 * 60_000);
  afterAll(() => host?.[Symbol.asyncDispose]());

  const dockerfile = async () => {
    const r = await host.dokku(["plugin:trigger", "git-revision", "img"]);
    const show = spawn("git", ["--git-dir", join(host.dokkuRoot, "img"), "show", `${r.stdout.trim()}:Dockerfile`]);
    let out = "";
    show.stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
    await new Promise((resolve) => show.on("close", resolve));
    return out;
  };

  test("from-image commits a FROM Dockerfile and records the image", async () => {
    const r = await host.dokku(["git:from-image", "img", TEST_IMAGES.base]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("=====> Application deployed:");
    expect(await dockerfile()).toBe(`FROM ${TEST_IMAGES.base}\nLABEL com.dokku.docker-image-labeler/alternate-tags="[\\"${TEST_IMAGES.base}\\"]"\n`);
    expect((await host.dokku(["git:report", "img", "--git-source-image"])).stdout.trim()).toBe(TEST_IMAGES.base);
    expect((await host.dokku(["apps:report", "img", "--app-deploy-source"])).stdout.trim()).toBe("docker-image");
    const again = await host.dokku(["git:from-image", "img", TEST_IMAGES.base]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("No changes detected");
  }, 120_000);

  test("load-image reads `docker image save` from stdin", async () => {
    const [command, ...rest] = dokkuCommand();
    const code = await new Promise<number>((resolve) => {
      const save = spawn("docker", ["image", "save", TEST_IMAGES.base]);
      const load = spawn(command!, [...rest, "git:load-image", "img", TEST_IMAGES.base, "Loader", "loader@example.invalid"], { env: host.env, stdio: ["pipe", "inherit", "inherit"] });
      save.stdout.pipe(load.stdin!);
      load.on("close", (c) => resolve(c ?? 1));
    });
    // Same image as before: loading works, and the unchanged Dockerfile makes it a no-op deploy.
    expect(code).toBe(0);
  }, 300_000);
});
