// Issue 4's "both from git push": each builder fixture pushed with `git push ssh://...` through a real
// sshd and the authorized_keys forced command, built on real Docker, released on the null scheduler.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cp } from "node:fs/promises";
import { join } from "node:path";
import { FIXTURE_APPS_DIR, docker, requireDocker } from "../_harness/docker.ts";
import { generateKey, sshdAvailable, startSshd, type SshServer } from "../_harness/sshd.ts";
import { commitFiles, gitIn, makeRepo } from "../e2e/git-fixtures.ts";
import { BuilderWorld, buildLabels, imageInfo } from "./_builders.ts";

const dockerSkip = await requireDocker();
const skip = dockerSkip !== undefined || !sshdAvailable();
if (!sshdAvailable()) console.warn("skipping builders-push: openssh-server missing (run `bash scripts/ci-services.sh`)");

const world = new BuilderWorld();
let sshd: SshServer;
let key: string;

/** A git work tree holding a copy of a fixture app, committed on main. */
async function fixtureRepo(fixture: string, name: string): Promise<string> {
  const dir = join(world.host.root, "repos", name);
  await makeRepo(world.host, dir, { "README": `${name}\n` });
  await cp(join(FIXTURE_APPS_DIR, fixture), dir, { recursive: true });
  await commitFiles(world.host, dir, {}, `add ${fixture}`);
  return dir;
}

function pushOverSsh(dir: string, app: string) {
  return gitIn(world.host, dir, ["push", "-f", sshd.url(app), "main"], { GIT_SSH_COMMAND: sshd.clientArgs(key).join(" ") });
}

describe.skipIf(skip)("builds through git push over ssh", () => {
  beforeAll(async () => {
    await world.start();
    expect((await world.host.dokku(["scheduler:set", "--global", "selected", "null"])).code).toBe(0);
    sshd = await startSshd(world.host);
    key = await generateKey(world.host.root, "pusher");
    expect((await world.host.dokku(["ssh-keys:add", "pusher", `${key}.pub`])).code).toBe(0);
  }, 15 * 60_000);

  afterAll(async () => {
    await sshd?.stop();
    await world.stop();
  }, 120_000);

  for (const [fixture, builder] of [
    ["dockerfile-hello", "dockerfile"],
    ["buildpack-procfile", "herokuish"],
  ] as const) {
    test(`${fixture}: git push builds dokku/APP:latest with the ${builder} builder and releases it`, async () => {
      const app = await world.createApp(`push-${fixture}`);
      const r = await pushOverSsh(await fixtureRepo(fixture, app), app);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(`remote: -----> Releasing ${app}...`);
      expect((await imageInfo(`dokku/${app}:latest`))?.labels).toMatchObject({ ...buildLabels(app, builder), "com.dokku.image-stage": "release" });
      if (builder === "herokuish") {
        // Config reaches containers through their environment only: no build-time env dir or
        // baked .profile.d env scripts may shadow a later config:set (DESIGN 3.6).
        const probe = await docker(["run", "--rm", "--entrypoint", "/bin/sh", `dokku/${app}:latest`, "-c", "ls -a /tmp/env /app/.profile.d 2>&1; true"]);
        expect(probe.stdout).toContain("No such file");
        expect(probe.stdout).not.toContain("01-app-env.sh");
      }
    }, 300_000);
  }

  test("a push whose build fails is rejected and leaves the previous image and branch", async () => {
    const app = await world.createApp("push-fail");
    const dir = await fixtureRepo("buildpack-procfile", app);
    expect((await pushOverSsh(dir, app)).code).toBe(0);
    const before = await imageInfo(`dokku/${app}:latest`);
    const deployed = (await world.host.dokku(["git:report", app, "--git-sha"])).stdout.trim();
    await cp(join(FIXTURE_APPS_DIR, "failing-build"), dir, { recursive: true });
    await commitFiles(world.host, dir, {}, "break the build");
    const r = await pushOverSsh(dir, app);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("failing-build: intentional build failure");
    expect((await imageInfo(`dokku/${app}:latest`))?.id).toBe(before!.id);
    expect((await world.host.dokku(["git:report", app, "--git-sha"])).stdout.trim()).toBe(deployed);
  }, 300_000);
});
