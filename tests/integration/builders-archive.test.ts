// The whole receive path on real Docker: git:from-archive -> extract hooks -> builder detection or
// selection -> build -> release on the null scheduler (reference 3.5), for every fixture app.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { requireDocker } from "../_harness/docker.ts";
import { BuilderWorld, buildLabels, imageInfo } from "./_builders.ts";

const skipReason = await requireDocker();
const world = new BuilderWorld();

describe.skipIf(skipReason !== undefined)("builds through git:from-archive", () => {
  beforeAll(() => world.start(), 15 * 60_000);
  afterAll(() => world.stop(), 120_000);

  for (const [fixture, builder] of [
    ["buildpack-procfile", "herokuish"],
    ["buildpack-static", "herokuish"],
    ["multi-buildpack", "herokuish"],
    ["dockerfile-hello", "dockerfile"],
  ] as const) {
    test(`${fixture} deploys into dokku/APP:latest as a ${builder} release`, async () => {
      const app = await world.createApp(`ga-${fixture}`);
      expect((await world.host.dokku(["scheduler:set", app, "selected", "null"])).code).toBe(0);
      const r = await world.deployArchive(app, fixture);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`-----> Releasing ${app}...`);
      const labels = (await imageInfo(`dokku/${app}:latest`))?.labels;
      expect(labels).toMatchObject({ ...buildLabels(app, builder), "com.dokku.image-stage": "release" });
    }, 180_000);
  }

  test("builder:set selected beats detection (.buildpacks next to a Dockerfile)", async () => {
    const app = await world.createApp("ga-selected");
    await world.host.dokku(["scheduler:set", app, "selected", "null"]);
    expect((await world.host.dokku(["builder:set", app, "selected", "dockerfile"])).code).toBe(0);
    const r = await world.deployArchive(app, "dockerfile-hello", { ".buildpacks": "https://github.com/a/heroku-buildpack-b.git\n" });
    expect(r.code).toBe(0);
    expect((await imageInfo(`dokku/${app}:latest`))?.labels["com.dokku.builder-type"]).toBe("dockerfile");
  }, 180_000);

  test("a failing build through the archive path exits non-zero and keeps the released image", async () => {
    const app = await world.createApp("ga-fail");
    await world.host.dokku(["scheduler:set", app, "selected", "null"]);
    expect((await world.deployArchive(app, "buildpack-procfile")).code).toBe(0);
    const before = await imageInfo(`dokku/${app}:latest`);
    const r = await world.deployArchive(app, "failing-build");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("App build failed");
    expect(r.stderr).toContain("failing-build: intentional build failure");
    expect((await imageInfo(`dokku/${app}:latest`))?.id).toBe(before!.id);
  }, 180_000);

  test("a .buildpacks line that is not a URL fails before any build", async () => {
    const app = await world.createApp("ga-badbp");
    const r = await world.deployArchive(app, "buildpack-procfile", { ".buildpacks": "heroku/ruby\nnot a url\n" });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("Invalid buildpack specified in .buildpacks line 2: not a url");
    expect(await imageInfo(`dokku/${app}:latest`)).toBeUndefined();
  }, 60_000);
});
