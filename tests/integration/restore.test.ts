// DESIGN 3.3: after the Docker daemon restarts (a reboot, an upgrade), `ps:restore` brings every
// deployed app back and its address files point at the live containers. dockerd is restarted for
// real, which is why this suite runs its own private daemon (tests/_harness/dockerd.ts): the
// machine's daemon is shared and never restarted.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { TEST_IMAGES, ensureTestImages, requireDocker } from "../_harness/docker.ts";
import { type PrivateDockerd, privateDockerdAvailable, startPrivateDockerd } from "../_harness/dockerd.ts";
import { type TestNginx, request } from "../_harness/nginx.ts";
import { DeployWorld } from "./_deploy.ts";
import { VHOST, attachNginx } from "./_proxy.ts";

const skip = (await requireDocker()) !== undefined || !privateDockerdAvailable();
if (!privateDockerdAvailable()) console.warn("skipping restore: a private dockerd needs root, dockerd and iproute2");

describe.skipIf(skip)("ps:restore after a dockerd restart", () => {
  let dockerd: PrivateDockerd;
  let world: DeployWorld;
  let nginx: TestNginx;

  beforeAll(async () => {
    await ensureTestImages();
    dockerd = await startPrivateDockerd([TEST_IMAGES.herokuish]);
    world = new DeployWorld(dockerd.host);
    await world.start();
    nginx = await attachNginx(world.host);
  }, 15 * 60_000);
  afterAll(async () => {
    await nginx?.[Symbol.asyncDispose]();
    await world?.stop();
    await dockerd?.stop();
  }, 300_000);

  test("the app answers again on the addresses in its IP files and through nginx, with one set of containers", async () => {
    const app = await world.createApp("restore");
    expect((await world.deploy(app, "buildpack-procfile")).code).toBe(0);
    await world.ok("ps:scale", app, "web=2");
    expect(await world.get(app, "/", "web.2")).toBe("buildpack-procfile\n");
    const throughNginx = () => request(`http://127.0.0.1:${nginx.httpPort}/`, { host: `${app}.${VHOST}` });
    expect(await throughNginx()).toMatchObject({ status: 200, body: "buildpack-procfile\n" });

    await dockerd.restart();
    const restored = await world.ok("ps:restore");
    expect(restored.stdout).toContain(`-----> Restoring app ${app}`);
    for (const dyno of ["web.1", "web.2"]) {
      expect(await world.waitFor(`${dyno} to answer`, () => world.get(app, "/", dyno).catch(() => undefined), 30_000)).toBe("buildpack-procfile\n");
    }
    // ps:restore rebuilt the app's nginx config from the live containers and their new addresses.
    expect(await world.waitFor("nginx to answer", async () => ((await throughNginx()).status === 200 ? "ok" : undefined), 30_000)).toBe("ok");
    expect(await throughNginx()).toMatchObject({ status: 200, body: "buildpack-procfile\n" });
    await world.ok("ps:retire", app);
    expect(await world.waitFor("the stopped containers to retire", async () => {
      const all = await world.containers(app);
      return all.length === 2 && all.every((c) => c.state === "running") ? all : undefined;
    })).toHaveLength(2);
    expect((await world.ok("ps:report", app, "--running")).stdout).toBe("true\n");
  }, 600_000);
});
