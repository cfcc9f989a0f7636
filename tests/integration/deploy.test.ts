// The docker-local scheduler on a real dockerd: a pushed buildpack app becomes running containers
// with Dokku's names, labels and state files; scale, config changes and restarts run the same
// image; a failing check, a locked app or a deploy killed at any step never replaces the running
// release; releases roll back without building. One app, built once, goes through the file in order.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { FIXTURE_APPS_DIR, docker, requireDocker } from "../_harness/docker.ts";
import { type AppContainer, DeployWorld, KILL_POINTS } from "./_deploy.ts";

const skip = await requireDocker();
const world = new DeployWorld();
let app: string;

interface Release {
  number: number;
  imageId: string;
  current: boolean;
  rollbackOf: number | null;
  imagePruned: boolean;
}

async function releases(name: string): Promise<Release[]> {
  return JSON.parse((await world.ok("releases:list", name, "--format", "json")).stdout) as Release[];
}

describe.skipIf(Boolean(skip))("docker-local deploys", () => {
  beforeAll(async () => {
    await world.start();
    app = await world.createApp("main");
  }, 15 * 60_000);
  afterAll(() => world.stop(), 300_000);

  test("git:from-archive deploys a buildpack app: web answers on PORT 5000 through its IP file, with Dokku's names, labels and state files", async () => {
    const r = await world.deploy(app, "buildpack-procfile");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`-----> Deploying ${app} via the docker-local scheduler...`);
    expect(r.stdout).toContain("-----> Deploying web (count=1)");
    expect(r.stdout).toContain("=====> Application deployed:");
    expect(await world.get(app)).toBe("buildpack-procfile\n");
    const [web, ...rest] = await world.containers(app);
    expect(rest).toEqual([]);
    expect(web).toMatchObject({ name: `${app}.web.1`, state: "running" });
    expect(web!.labels).toMatchObject({
      "com.dokku.app-name": app, "com.dokku.process-type": "web", "com.dokku.dyno": "web.1", "com.dokku.container-index": "1",
      "com.dokku.container-type": "deploy", "com.dokku.release": "1", dokku: "",
    });
    expect(web!.env).toEqual(expect.arrayContaining(["PORT=5000", "DYNO=web.1"]));
    expect(await world.stateFile(app, "CONTAINER.web.1")).toBe(web!.id);
    expect(await world.stateFile(app, "PORT.web.1")).toBe("5000");
    expect((await world.ok("plugin:trigger", "network-get-listeners", app, "web")).stdout.trim()).toBe(`${await world.stateFile(app, "IP.web.1")}:5000`);
    expect((await world.ok("plugin:trigger", "scheduler-app-status", "docker-local", app)).stdout).toBe("1 true\n");
  }, 300_000);

  test("ps:scale web=2 worker=1 gives three containers with the right labels; the replaced ones retire", async () => {
    const r = await world.ok("ps:scale", app, "web=2", "worker=1");
    expect(r.stdout.indexOf("Deploying web (count=2)")).toBeLessThan(r.stdout.indexOf("Deploying worker (count=1)"));
    const all = await world.waitFor("one set of three containers", async () => {
      const list = await world.containers(app);
      return list.length === 3 && list.every((c) => c.state === "running") ? list : undefined;
    });
    const byDyno: Record<string, AppContainer> = Object.fromEntries(all.map((c) => [c.labels["com.dokku.dyno"]!, c]));
    expect(Object.keys(byDyno).sort()).toEqual(["web.1", "web.2", "worker.1"]);
    for (const [dyno, c] of Object.entries(byDyno)) {
      const [type, index] = dyno!.split(".");
      expect(c.name).toBe(`${app}.${dyno}`);
      expect(c.labels).toMatchObject({ "com.dokku.process-type": type, "com.dokku.container-index": index, "com.dokku.container-type": "deploy" });
      expect(await world.stateFile(app, `CONTAINER.${dyno}`)).toBe(c.id);
    }
    expect(byDyno["worker.1"]!.env.some((e) => e.startsWith("PORT="))).toBe(false);
    expect(await world.stateFile(app, "IP.worker.1")).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(await world.get(app, "/", "web.2")).toBe("buildpack-procfile\n");
  }, 300_000);

  test("config:set restarts from the same image without building: the new value is in the containers", async () => {
    const before = (await world.containers(app)).find((c) => c.labels["com.dokku.dyno"] === "web.1")!;
    const r = await world.ok("config:set", app, "GREETING=hello world");
    expect(r.stdout).toContain(`-----> Restarting app ${app}`);
    expect(r.stdout).not.toContain("Releasing");
    expect(r.stdout).not.toContain("Building");
    expect(await world.get(app, "/cgi-bin/env")).toContain("GREETING=hello world\n");
    const after = (await world.containers(app)).find((c) => c.labels["com.dokku.dyno"] === "web.1" && c.state === "running" && c.id !== before.id)!;
    expect(after.image).toBe(before.image);
    // The value reached docker through its environment, never its argv.
    expect(after.env).toContain("GREETING=hello world");
    const [current, previous] = await releases(app);
    expect(current).toMatchObject({ number: 2, imageId: previous!.imageId, current: true });
  }, 300_000);

  test("a failing check leaves the old containers serving, removes the new ones and fails with the container's output", async () => {
    await world.waitFor("the replaced containers to retire", async () => (await world.containers(app)).length === 3);
    const live: Record<string, string | undefined> = Object.fromEntries(
      await Promise.all(["web.1", "web.2", "worker.1"].map(async (d) => [d, await world.stateFile(app, `CONTAINER.${d}`)])),
    );
    await world.failChecks(app, true);
    try {
      const r = await world.host.dokku(["ps:restart", app]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain("Attempting pre-flight checks (web.1)");
      expect(r.stdout).toMatch(new RegExp(`=====> Start of ${app} container output \\([0-9a-f]{12} web\\.1\\)`));
      expect(r.stderr).toContain(`Deploy of ${app} failed: the previous release keeps running`);
      for (const [dyno, id] of Object.entries(live)) expect(await world.stateFile(app, `CONTAINER.${dyno}`)).toBe(id);
      expect(await world.get(app)).toBe("buildpack-procfile\n");
      const containers = await world.containers(app);
      expect(containers.filter((c) => c.state === "running").map((c) => c.id).sort()).toEqual((Object.values(live) as string[]).sort());
      // The failing container is kept, stopped, for logs:failed; no other new container is left.
      const failed = (await readFile(join(world.host.libRoot, "data", "scheduler-docker-local", app, "failed-containers"), "utf8")).trim();
      expect(failed).toMatch(/^[0-9a-f]{64} web\.1$/);
      expect(containers.filter((c) => !Object.values(live).includes(c.id)).map((c) => [c.id, c.state])).toEqual([[failed.split(" ")[0]!, "exited"]]);
    } finally {
      await world.failChecks(app, false);
    }
  }, 300_000);

  test("SIGKILL at any step of a deploy: the old release keeps serving; the next deploy needs no unlock; ps:retire leaves one set", async () => {
    await world.ok("ps:scale", app, "web=1", "worker=0");
    for (const point of KILL_POINTS) {
      await world.killAt(point);
      const killed = await world.host.dokku(["ps:restart", app]);
      // The test plugin removed its marker when it killed the deploy at that step.
      expect({ point, failed: killed.code !== 0, reached: !(await world.killPending()) }).toEqual({ point, failed: true, reached: true });
      expect(await world.get(app)).toBe("buildpack-procfile\n");
    }
    const r = await world.ok("ps:restart", app);
    expect(r.stderr).not.toContain("deploy lock");
    await world.ok("ps:retire", app);
    const left = await world.waitFor("one web container and nothing else", async () => {
      const list = await world.containers(app);
      return list.length === 1 ? list : undefined;
    });
    expect(left[0]).toMatchObject({ name: `${app}.web.1`, state: "running", id: await world.stateFile(app, "CONTAINER.web.1") });
    expect(await world.get(app)).toBe("buildpack-procfile\n");
  }, 600_000);

  test("apps:lock blocks deploys with Dokku's message until apps:unlock", async () => {
    await world.ok("apps:lock", app);
    const r = await world.host.dokku(["ps:restart", app]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${app} currently has a deploy lock in place. Exiting...`);
    const id = await world.stateFile(app, "CONTAINER.web.1");
    await world.ok("apps:unlock", app);
    await world.ok("ps:restart", app);
    expect(await world.stateFile(app, "CONTAINER.web.1")).not.toBe(id);
  }, 300_000);

  test("releases: a new build is the next release; rollback serves the previous content without building; old images are pruned", async () => {
    const r = await world.deploy(app, "buildpack-procfile", { "web.sh": (await readFile(join(FIXTURE_APPS_DIR, "buildpack-procfile", "web.sh"), "utf8")).replace('echo "buildpack-procfile"', 'echo "second build"') });
    expect(r.code).toBe(0);
    expect(await world.get(app)).toBe("second build\n");
    const built = (await releases(app))[0]!;
    const rolled = await world.ok("releases:rollback", app);
    expect(rolled.stdout).not.toContain("Building");
    expect(await world.get(app)).toBe("buildpack-procfile\n");
    const [current, ...older] = await releases(app);
    expect(current).toMatchObject({ number: built.number + 1, rollbackOf: built.number - 1, current: true });
    expect(current!.imageId).toBe(older.find((o) => o.number === built.number - 1)!.imageId);
    const info = await world.ok("releases:info", app, String(current!.number));
    expect(info.stdout).toContain(`Rollback of:    ${built.number - 1}`);

    await world.ok("releases:set", app, "keep", "2");
    await world.ok("config:set", app, "PRUNE=1");
    const after = await releases(app);
    expect(after.slice(0, 2).map((x) => x.imagePruned)).toEqual([false, false]);
    const pruned = after.slice(2).filter((x) => x.imagePruned).map((x) => x.number);
    expect(pruned).toContain(1);
    expect((await docker(["image", "inspect", `dokku/${app}:release-1`])).code).not.toBe(0);
    const refused = await world.host.dokku(["releases:rollback", app, "1"]);
    expect(refused).toMatchObject({ code: 1, stdout: "" });
    expect(refused.stderr).toBe(` !     The image of release 1 of ${app} was pruned (releases keep 2): it cannot be rolled back to\n`);
  }, 600_000);

  test("ps:stop, ps:start, ps:report and ps:inspect with secrets masked", async () => {
    await world.ok("ps:stop", app);
    expect((await world.ok("plugin:trigger", "scheduler-app-status", "docker-local", app)).stdout).toBe("1 false\n");
    expect((await world.ok("ps:report", app, "--running")).stdout).toBe("false\n");
    await world.ok("ps:start", app);
    expect(await world.get(app)).toBe("buildpack-procfile\n");
    expect((await world.ok("ps:report", app, "--status-web.1")).stdout).toMatch(/^running \(CID: [0-9a-f]{11}\)\n$/);
    const inspected = JSON.parse((await world.ok("ps:inspect", app)).stdout) as { Config: { Env: string[] } }[];
    expect(inspected).toHaveLength(1);
    expect(inspected[0]!.Config.Env).toEqual(expect.arrayContaining(["GREETING=XXXXXX", "DYNO=web.1", "PORT=5000"]));
  }, 300_000);

  test("apps:clone takes none of the source's containers; apps:destroy removes the app's containers and retirement entries", async () => {
    const clone = `${world.prefix}clone`;
    await world.ok("apps:clone", "--skip-deploy", app, clone);
    expect(await world.stateFile(clone, "CONTAINER.web.1")).toBeUndefined();
    expect(await world.stateFile(clone, "IP.web.1")).toBeUndefined();
    await world.ok("apps:destroy", "--force", clone);
    expect(await world.stateFile(app, "CONTAINER.web.1")).toBeDefined();

    await world.ok("ps:restart", app);
    await world.ok("apps:destroy", "--force", app);
    expect(await world.containers(app)).toEqual([]);
    const queue = await readFile(join(world.host.libRoot, "data", "scheduler-docker-local", "dead-containers"), "utf8").catch(() => "");
    expect(queue).not.toContain(`${app} `);
  }, 300_000);
});
