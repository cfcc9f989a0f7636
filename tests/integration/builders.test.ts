// Real Docker builds through the compiled binary, driven by the build triggers: herokuish (offline
// test image) and Dockerfile builders, labels, failures, the herokuish cache, build args (reference 6.3, 6.4).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { docker, requireDocker } from "../_harness/docker.ts";
import { BuilderWorld, buildLabels, imageInfo } from "./_builders.ts";

const skipReason = await requireDocker();
const world = new BuilderWorld();

describe.skipIf(skipReason !== undefined)("builders on real Docker", () => {
  beforeAll(() => world.start(), 15 * 60_000);
  afterAll(() => world.stop(), 120_000);

  for (const fixture of ["buildpack-procfile", "buildpack-static", "multi-buildpack"]) {
    test(`herokuish fixture ${fixture} builds into dokku/APP:latest with build labels, then releases`, async () => {
      const app = await world.createApp(fixture);
      const r = await world.build(app, fixture, "herokuish");
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`-----> Building ${app} from herokuish`);
      expect((await imageInfo(`dokku/${app}:latest`))?.labels).toMatchObject(buildLabels(app, "herokuish"));
      expect(await imageInfo(`dokku/${app}:dokku-build-tmp`)).toBeUndefined();
      // The detected map listens on the app's proxy port: a random high one here, as on a Dokku host without a global vhost.
      expect(await readFile(join(world.host.libRoot, `ports-${app}`), "utf8")).toMatch(/^http:\d{4,5}:5000\n$/);
      expect((await world.host.dokku(["plugin:trigger", "builder-release", "herokuish", app, "latest"])).code).toBe(0);
      const released = await imageInfo(`dokku/${app}:latest`);
      expect(released?.labels).toMatchObject({ "com.dokku.image-stage": "release", "com.dokku.app-name": app, "com.dokku.builder-type": "herokuish" });
    }, 120_000);
  }

  test("multi-buildpack runs both .buildpacks entries in order", async () => {
    const app = await world.createApp("multi-order");
    expect((await world.build(app, "multi-buildpack", "herokuish")).code).toBe(0);
    const ran = await docker(["run", "--rm", "--entrypoint", "cat", `dokku/${app}:latest`, "/app/.dokku-test-buildpacks", "/app/public/index.html"]);
    expect(ran.stdout).toBe("procfile-shell\nstatic-http\nmulti-buildpack\n");
  }, 120_000);

  test("a second herokuish build of an unchanged app reuses the cache volume; purge-cache clears it", async () => {
    const app = await world.createApp("cache");
    const first = await world.build(app, "buildpack-procfile", "herokuish");
    expect(first.stdout).toContain("-----> Creating cache");
    const second = await world.build(app, "buildpack-procfile", "herokuish");
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("-----> Using cache");
    expect((await docker(["volume", "inspect", `cache-${app}`, "--format", "{{json .Labels}}"])).stdout).toContain(`"com.dokku.app-name":"${app}"`);
    expect((await world.host.dokku(["repo:purge-cache", app])).code).toBe(0);
    expect((await docker(["volume", "inspect", `cache-${app}`])).code).not.toBe(0);
    expect((await world.build(app, "buildpack-procfile", "herokuish")).stdout).toContain("-----> Creating cache");
  }, 180_000);

  test("config reaches the build as /tmp/env files; the release image keeps none of it (containers get it at start)", async () => {
    const app = await world.createApp("env");
    await world.host.dokku(["config:set", "--no-restart", app, "GREETING=hello world"]);
    expect((await world.build(app, "buildpack-procfile", "herokuish")).code).toBe(0);
    const built = await docker(["run", "--rm", "--entrypoint", "cat", `dokku/${app}:latest`, "/tmp/env/GREETING"]);
    expect(built.stdout).toBe("hello world");
    // Dokku's herokuish pre-build gives buildpacks global curl timeouts once.
    const curl = await docker(["run", "--rm", "--entrypoint", "cat", `dokku/${app}:latest`, "/tmp/env/CURL_TIMEOUT"]);
    expect(curl.stdout).toBe("600");
    expect((await world.host.dokku(["plugin:trigger", "builder-release", "herokuish", app, "latest"])).code).toBe(0);
    // dokku-compat: no baked .profile.d env scripts and no build env dir, so a later config:set
    // reaches the next container without a rebuild (DESIGN 3.6).
    const released = await docker(["run", "--rm", "--entrypoint", "/bin/sh", `dokku/${app}:latest`, "-c", "ls /tmp/env /app/.profile.d/01-app-env.sh 2>&1; true"]);
    expect(released.stdout).toContain("/tmp/env': No such file");
    expect(released.stdout).toContain("01-app-env.sh': No such file");
  }, 120_000);

  test("a failing herokuish build exits non-zero, shows the last lines and leaves the previous image", async () => {
    const app = await world.createApp("fail-h");
    expect((await world.build(app, "buildpack-procfile", "herokuish")).code).toBe(0);
    const before = await imageInfo(`dokku/${app}:latest`);
    const r = await world.build(app, "failing-build", "herokuish");
    expect(r.code).not.toBe(0);
    expect(r.stdout).toContain("failing-build: intentional build failure");
    expect(r.stderr).toContain("Failure during app build: /build exited with code 1");
    expect(r.stderr).toContain("failing-build: intentional build failure");
    expect((await imageInfo(`dokku/${app}:latest`))?.id).toBe(before!.id);
    const leftovers = await docker(["ps", "-aq", "--filter", `label=com.dokku.app-name=${app}`]);
    expect(leftovers.stdout.trim()).toBe("");
  }, 180_000);

  test("the Dockerfile fixture builds with labels, honours .dockerignore and detects EXPOSE", async () => {
    const app = await world.createApp("dockerfile");
    const r = await world.build(app, "dockerfile-hello", "dockerfile");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`-----> Building ${app} from Dockerfile`);
    expect((await imageInfo(`dokku/${app}:latest`))?.labels).toMatchObject(buildLabels(app, "dockerfile"));
    const files = await docker(["run", "--rm", "--entrypoint", "ls", `dokku/${app}:latest`, "/srv/www"]);
    expect(files.stdout.split("\n")).not.toContain("ignored.txt");
    expect(await readFile(join(world.host.libRoot, `ports-${app}`), "utf8")).toBe("http:5000:5000\n");
    expect((await world.host.dokku(["plugin:trigger", "builder-release", "dockerfile", app, "latest"])).code).toBe(0);
    expect((await imageInfo(`dokku/${app}:latest`))?.labels).toMatchObject({ "com.dokku.image-stage": "release", "com.dokku.builder-type": "dockerfile" });
  }, 180_000);

  test("Dockerfile builds keep the layer cache and pass config as --build-arg KEY", async () => {
    const app = await world.createApp("buildarg");
    await writeFile(join(world.host.libRoot, `build-args-${app}`), " --build-arg BUILD_MESSAGE --volume=/tmp:/x ");
    await world.host.dokku(["config:set", "--no-restart", app, "BUILD_MESSAGE=from config"]);
    const first = await world.build(app, "dockerfile-hello", "dockerfile");
    expect(first.code).toBe(0);
    const served = await docker(["run", "--rm", "--entrypoint", "cat", `dokku/${app}:latest`, "/srv/www/build-arg.txt"]);
    expect(served.stdout).toBe("from config\n");
    const second = await world.build(app, "dockerfile-hello", "dockerfile");
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("Using cache");
    const encoded = Buffer.from("two\nlines").toString("base64");
    await world.host.dokku(["config:set", "--no-restart", "--encoded", app, `BUILD_MESSAGE=${encoded}`]);
    const before = await imageInfo(`dokku/${app}:latest`);
    const refused = await world.build(app, "dockerfile-hello", "dockerfile");
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("Build arg BUILD_MESSAGE has a value with newlines");
    expect((await imageInfo(`dokku/${app}:latest`))?.id).toBe(before!.id);
  }, 240_000);

  test("a failing Dockerfile build exits non-zero and leaves the previous image", async () => {
    const app = await world.createApp("fail-d");
    expect((await world.build(app, "dockerfile-hello", "dockerfile")).code).toBe(0);
    const before = await imageInfo(`dokku/${app}:latest`);
    const r = await world.build(app, "failing-dockerfile", "dockerfile");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("failing-dockerfile: intentional build failure");
    expect((await imageInfo(`dokku/${app}:latest`))?.id).toBe(before!.id);
  }, 180_000);
});
