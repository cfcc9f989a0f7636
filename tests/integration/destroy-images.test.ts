// apps:destroy removes the app's images (every stage, labelled with the app) and its build cache
// volume, and leaves other apps' images alone.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { docker, requireDocker } from "../_harness/docker.ts";
import { BuilderWorld, imageInfo } from "./_builders.ts";

const skipReason = await requireDocker();
const world = new BuilderWorld();

describe.skipIf(skipReason !== undefined)("apps:destroy and images", () => {
  beforeAll(async () => {
    await world.start();
    expect((await world.host.dokku(["scheduler:set", "--global", "selected", "null"])).code).toBe(0);
  }, 15 * 60_000);
  afterAll(() => world.stop(), 120_000);

  test("destroy removes dokku/APP images and the cache volume; another app's image stays", async () => {
    const gone = await world.createApp("destroy-me");
    const kept = await world.createApp("keep-me");
    for (const app of [gone, kept]) expect((await world.deployArchive(app, "buildpack-procfile")).code).toBe(0);
    expect(await imageInfo(`dokku/${gone}:latest`)).toBeDefined();
    expect((await docker(["volume", "inspect", `cache-${gone}`])).code).toBe(0);

    expect((await world.host.dokku(["apps:destroy", "--force", gone])).code).toBe(0);
    expect(await imageInfo(`dokku/${gone}:latest`)).toBeUndefined();
    const left = await docker(["image", "ls", "-q", "--filter", `label=com.dokku.app-name=${gone}`]);
    expect(left.stdout.trim()).toBe("");
    expect((await docker(["volume", "inspect", `cache-${gone}`])).code).not.toBe(0);
    expect(await imageInfo(`dokku/${kept}:latest`)).toBeDefined();
  }, 300_000);
});
