// The checks plugin inside real deploys by the docker-local scheduler: app.json healthchecks gate
// the rollout (a passing one costs one request, a failing one leaves the old container serving and
// fails the deploy), checks:skip and checks:disable change what the scheduler does, the legacy
// CHECKS file comes from the pushed source, wait-to-retire reaches the retirement, and checks:run
// checks the deployed containers. One app goes through the file in order.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { requireDocker } from "../_harness/docker.ts";
import { DeployWorld } from "./_deploy.ts";

const skip = await requireDocker();
const world = new DeployWorld();
let app: string;

const appJson = (content: string) =>
  JSON.stringify({ healthchecks: { web: [{ type: "startup", name: "home", path: "/", content, attempts: 2, wait: 0 }] } });
const PASSING = appJson("buildpack-procfile");
const FAILING = appJson("never served");

/** The app's running deploy containers' ids, sorted. */
async function running(): Promise<string[]> {
  return (await world.containers(app)).filter((c) => c.state === "running").map((c) => c.id).sort();
}

describe.skipIf(Boolean(skip))("checks in docker-local deploys", () => {
  beforeAll(async () => {
    await world.start();
    app = await world.createApp("checks");
  }, 15 * 60_000);
  afterAll(() => world.stop(), 300_000);

  test("an app.json healthcheck that passes at once gates the deploy in its first attempt", async () => {
    const r = await world.deploy(app, "buildpack-procfile", { "app.json": PASSING });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Attempting pre-flight checks (web.1)");
    expect(r.stdout).toContain("Running healthcheck name='home' path=/ port=5000 attempts=2 wait=0s timeout=5s");
    expect(r.stdout).toContain("Healthcheck succeeded name='home'");
    expect(r.stdout).toContain("All checks successful (web.1)");
    expect(r.stdout).not.toContain("Attempt 1/");
    expect(await world.get(app)).toBe("buildpack-procfile\n");
  }, 600_000);

  test("a failing app.json healthcheck leaves the old container serving and exits non-zero", async () => {
    await world.waitFor("one running container", async () => (await running()).length === 1);
    const live = await world.stateFile(app, "CONTAINER.web.1");
    const r = await world.deploy(app, "buildpack-procfile", { "app.json": FAILING });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Attempt 1/2 failed name='home': /: expected content \"never served\" not found in the response");
    expect(r.stderr).toContain("Failure in name='home': /: expected content \"never served\" not found in the response");
    expect(r.stderr).toContain("Could not start due to 1 failed checks (web.1)");
    expect(r.stderr).toContain(`Deploy of ${app} failed: the previous release keeps running`);
    // The failed container's output is framed once (by the scheduler), not by check-deploy too.
    expect(r.stdout.split(`=====> Start of ${app} container output`).length).toBe(2);
    expect(await world.stateFile(app, "CONTAINER.web.1")).toBe(live);
    expect(await running()).toEqual([live!]);
    expect(await world.get(app)).toBe("buildpack-procfile\n");
    // The release that keeps running keeps its own app.json: its checks still pass.
    const again = await world.ok("ps:restart", app);
    expect(again.stdout).toContain("Healthcheck succeeded name='home'");
  }, 600_000);

  test("checks:skip lets a failing check through; checks:disable stops the old container first", async () => {
    await world.ok("checks:skip", app, "web");
    const skipped = await world.deploy(app, "buildpack-procfile", { "app.json": FAILING });
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toContain("=====> Zero downtime checks have been skipped (web.1)");
    expect(skipped.stdout).not.toContain("Running healthcheck");
    await world.ok("checks:enable", app, "web");
    const live = await world.stateFile(app, "CONTAINER.web.1");
    const checked = await world.host.dokku(["ps:restart", app]);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain("Could not start due to 1 failed checks (web.1)");
    expect(await world.stateFile(app, "CONTAINER.web.1")).toBe(live);
    expect(await world.get(app)).toBe("buildpack-procfile\n");
    await world.ok("checks:disable", app, "web");
    const disabled = await world.ok("ps:restart", app);
    expect(disabled.stdout).toContain("Zero downtime is disabled, stopping currently running containers (web)");
    expect(disabled.stdout).not.toContain("Attempting pre-flight checks (web.1)");
    expect(await world.stateFile(app, "CONTAINER.web.1")).not.toBe(live);
    await world.ok("checks:enable", app);
  }, 600_000);

  test("the pushed CHECKS file gates a web deploy when app.json has no web healthchecks", async () => {
    const r = await world.deploy(app, "buildpack-procfile", { "app.json": "{}", CHECKS: "ATTEMPTS=2\nWAIT=0\n/ buildpack-procfile\n" });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("Deprecated: Usage of the CHECKS file is deprecated in favor of healthchecks in app.json");
    expect(r.stdout).toContain("Healthcheck succeeded name='check-1'");
    expect(r.stdout).not.toContain("Attempt 1/");
  }, 600_000);

  test("wait-to-retire from checks:set reaches the retirement queue; checks:run checks the recorded container", async () => {
    await world.waitFor("one running container", async () => (await running()).length === 1);
    const [old] = await running();
    await world.ok("checks:set", app, "wait-to-retire", "600");
    const before = Math.floor(Date.now() / 1000);
    await world.ok("ps:restart", app);
    const next = await world.stateFile(app, "CONTAINER.web.1");
    expect(next).not.toBe(old);
    expect(await running()).toEqual([old!, next!].sort());
    const queue = await readFile(join(world.host.libRoot, "data", "scheduler-docker-local", "dead-containers"), "utf8");
    const due = queue.split("\n").map((line) => line.split(" ")).find(([a, id]) => a === app && id === old)?.[2];
    expect(Number(due)).toBeGreaterThanOrEqual(before + 600);
    // Of the two web.1 containers, checks:run checks the one the scheduler recorded.
    const r = await world.ok("checks:run", app, "web");
    expect(r.stdout).toContain(`-----> Running checks for app (${app}.web.1)`);
    expect(r.stdout).toContain("Healthcheck succeeded name='check-1'");
    expect(r.stdout).toContain("All checks successful (web.1)");
  }, 600_000);
});
