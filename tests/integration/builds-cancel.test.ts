// builds:cancel of a herokuish build: the runner dies, and so does the `/build` container the
// daemon runs for it; the app can then be destroyed cleanly.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmod, cp, mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FIXTURE_APPS_DIR, docker, requireDocker } from "../_harness/docker.ts";
import { run } from "../_harness/host.ts";
import { GIT_CLIENT_ENV, commitFiles, extRemote, makeRepo } from "../e2e/git-fixtures.ts";
import { BuilderWorld } from "./_builders.ts";

const skipReason = await requireDocker();
const world = new BuilderWorld();

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const buildContainers = async (app: string) =>
  (await docker(["ps", "-aq", "--filter", `label=com.dokku.app-name=${app}`, "--filter", "label=com.dokku.image-stage=build"])).stdout.trim();

describe.skipIf(skipReason !== undefined)("builds:cancel on real Docker", () => {
  beforeAll(async () => {
    await world.start();
    expect((await world.host.dokku(["scheduler:set", "--global", "selected", "null"])).code).toBe(0);
  }, 15 * 60_000);
  afterAll(() => world.stop(), 120_000);

  test("cancel removes the running /build container; destroy then succeeds", async () => {
    const app = await world.createApp("cancel");
    const dir = join(world.host.root, "repos", app);
    await makeRepo(world.host, dir, { README: "slow\n" });
    await cp(join(FIXTURE_APPS_DIR, "buildpack-procfile"), dir, { recursive: true });
    await mkdir(join(dir, "bin"), { recursive: true });
    // A compile step that runs far longer than the test waits: only the cancel can end it.
    await writeFile(join(dir, "bin", "build-hook"), "#!/usr/bin/env bash\nfor i in $(seq 1 600); do echo \"slow $i\"; sleep 1; done\n");
    await chmod(join(dir, "bin", "build-hook"), 0o755);
    await commitFiles(world.host, dir, {}, "slow build");

    const pushing = run(["git", "-c", "protocol.ext.allow=always", "push", extRemote(`'${app}'`), "main"], {
      cwd: dir,
      env: { ...world.host.env, ...GIT_CLIENT_ENV },
    });
    // Wait until /build itself runs (its output is in the build log), not the copy-source image build.
    const logs = join(world.host.libRoot, "data", "builds", app);
    await until("the /build step", async () => {
      for (const name of await readdir(logs).catch(() => [] as string[])) {
        if (name.endsWith(".log") && (await readFile(join(logs, name), "utf8")).includes("slow 2")) return true;
      }
      return undefined;
    });
    expect(await buildContainers(app)).not.toBe("");

    const cancel = await world.host.dokku(["builds:cancel", app]);
    expect(cancel.code).toBe(0);
    expect(cancel.stdout).toContain("canceled");
    expect(await buildContainers(app)).toBe("");
    expect((await pushing).code).not.toBe(0);
    const builds = JSON.parse((await world.host.dokku(["builds:list", app, "--format", "json"])).stdout) as { status: string }[];
    expect(builds[0]?.status).toBe("canceled");

    const destroy = await world.host.dokku(["apps:destroy", "--force", app]);
    expect(destroy.code).toBe(0);
    expect((await docker(["volume", "inspect", `cache-${app}`])).code).not.toBe(0);
  }, 300_000);
});
