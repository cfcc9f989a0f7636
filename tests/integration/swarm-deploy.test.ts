// scheduler-swarm deploys on the two-node test world (tests/_harness/swarm.ts): dokku runs against
// the first engine (DOCKER_HOST), forms the swarm with its own commands, builds a fixture app
// there (git:from-archive, herokuish) and runs it as Swarm services across both engines, images
// travelling through the world's registry (registry push-on-release); a private nginx on this host
// reaches the web tasks on their published host ports. One world and one app for the whole file;
// the tests run in order, each starting from what the one before left.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FIXTURE_APPS_DIR, STOPPABLE_HTTPD, TEST_IMAGES, ensureTestImages, requireDocker } from "../_harness/docker.ts";
import { type RunResult, type TestHost, createTestHost, run } from "../_harness/host.ts";
import { type TestNginx, request, requireNginx } from "../_harness/nginx.ts";
import { registrySkipReason } from "../_harness/registry.ts";
import { type SwarmWorld, readyNodes, startSwarmWorld, swarmSkipReason } from "../_harness/swarm.ts";
import { attachNginx } from "./_proxy.ts";

const skip = (await requireDocker()) ?? requireNginx() ?? registrySkipReason() ?? swarmSkipReason();
const app = "swarmapp";
const vhost = `${app}.dokku.test`;

describe.skipIf(skip !== undefined)("scheduler-swarm deploys", () => {
  let world: SwarmWorld;
  let host: TestHost;
  let nginx: TestNginx;
  let n = 0;
  const dokku = (...args: string[]) => host.dokku(args);
  const ok = async (...args: string[]): Promise<RunResult> => {
    const r = await dokku(...args);
    if (r.code !== 0) throw new Error(`dokku ${args.join(" ")} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
    return r;
  };
  const manager = (args: string[]) => world.manager.docker(args);
  /** `git:from-archive` of buildpack-procfile, its web page answering `body`, plus extra files. */
  const deploy = async (body: string, extra: Record<string, string> = {}) => {
    const dir = join(host.root, "work", `app-${++n}`);
    await mkdir(dir, { recursive: true });
    await cp(join(FIXTURE_APPS_DIR, "buildpack-procfile"), dir, { recursive: true });
    const web = await readFile(join(dir, "web.sh"), "utf8");
    await writeFile(join(dir, "web.sh"), web.replace('echo "buildpack-procfile"', `echo "${body}"`), { mode: 0o755 });
    for (const [name, text] of Object.entries(extra)) await writeFile(join(dir, name), text);
    expect((await run(["tar", "-C", dir, "-cf", `${dir}.tar`, "."])).code).toBe(0);
    return dokku("git:from-archive", app, `${dir}.tar`);
  };
  const deployed = async (body: string, extra: Record<string, string> = {}) => {
    const r = await deploy(body, extra);
    if (r.code !== 0) throw new Error(`deploy of ${body} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
    return r;
  };
  const get = (path = "/") => request(`http://127.0.0.1:${nginx.httpPort}${path}`, { host: vhost });
  /** Nodes of the running tasks of the app's web service, sorted. */
  const webNodes = async () =>
    (await manager(["service", "ps", `${app}-web`, "--filter", "desired-state=running", "--format", "{{.Node}} {{.CurrentState}}"])).stdout
      .split("\n").filter((l) => l.includes("Running")).map((l) => l.split(" ")[0]!).sort();
  const waitFor = async (what: string, check: () => Promise<boolean>, timeoutMs = 120_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) {
        const tasks = await manager(["service", "ps", "--no-trunc", "--format", "{{.Name}} {{.Node}} {{.DesiredState}} {{.CurrentState}} {{.Error}}", `${app}-web`]);
        throw new Error(`timed out waiting for ${what}; tasks:\n${tasks.stdout}${tasks.stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };

  beforeAll(async () => {
    await ensureTestImages();
    world = await startSwarmWorld({ form: false });
    await world.loadImages([TEST_IMAGES.herokuish]);
    host = await createTestHost("dokku-swarm-");
    host.env.DOCKER_HOST = world.manager.host;
    host.env.DOKKU_IMAGE = TEST_IMAGES.herokuish;
    host.env.DOCKER_CONFIG = join(host.root, "docker-config");
    nginx = await attachNginx(host);
    await ok("scheduler-swarm:initialize", "--advertise-addr", world.manager.address);
    await ok("apps:create", app);
    await ok("scheduler:set", app, "selected", "swarm");
    await ok("ps:scale", app, "web=4", "worker=0");
    await ok("config:set", "--no-restart", app, "GREETING=hello swarm");
  }, 15 * 60_000);
  afterAll(async () => {
    await nginx?.[Symbol.asyncDispose]();
    await host?.[Symbol.asyncDispose]();
    await world?.[Symbol.asyncDispose]();
  }, 180_000);

  test("cluster:add joins the second engine", async () => {
    expect((await ok("scheduler-swarm:cluster:add", world.worker.host)).stdout).toContain(`-----> Joining ${world.worker.host} to the swarm as a worker`);
    expect(await readyNodes(world.manager)).toBe(2);
  }, 300_000);

  test("with push-on-release the app runs as a service of 4 replicas over both nodes and answers through nginx; docker-local's container hands over", async () => {
    // What docker-local left of the app before `scheduler:set APP selected swarm`: a container on
    // the manager, recorded in the app's dyno files (and so among nginx's upstreams until now).
    const local = (await manager(["run", "-d", `--label=com.dokku.app-name=${app}`, "--label=com.dokku.process-type=web", "--label=com.dokku.container-type=deploy", TEST_IMAGES.herokuish, "sh", "-c", `mkdir -p /www && ${STOPPABLE_HTTPD}`])).stdout.trim();
    const localIp = (await manager(["inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", local])).stdout.trim();
    expect(localIp).toMatch(/^[0-9.]+$/);
    for (const [name, value] of [["CONTAINER", local], ["IP", localIp], ["PORT", "5000"]]) await writeFile(join(host.dokkuRoot, app, `${name}.web.1`), `${value}\n`);
    await ok("registry:set", app, "server", world.registry.address);
    await ok("registry:set", app, "push-on-release", "true");
    const r = await deployed("v1");
    expect(r.stdout).toContain(`-----> Retiring the containers docker-local ran for ${app}`);
    expect((await manager(["ps", "-aq", "--no-trunc", "--filter", `id=${local}`])).stdout.trim()).toBe("");
    expect(existsSync(join(host.dokkuRoot, app, "CONTAINER.web.1"))).toBe(false);
    expect((await ok("nginx:show-config", app)).stdout).not.toContain(`${localIp}:`);
    expect(r.stdout).toContain("-----> Deploying web (count=4)");
    expect(await world.registry.tags(`dokku/${app}`)).toEqual(["1"]);
    expect((await ok("registry:report", app, "--registry-tag-version")).stdout.trim()).toBe("1");
    const inspect = JSON.parse((await manager(["service", "inspect", `${app}-web`])).stdout)[0];
    expect(inspect.Spec.Mode.Replicated.Replicas).toBe(4);
    expect(inspect.Spec.TaskTemplate.ContainerSpec.Image).toBe(`${world.registry.address}/dokku/${app}:1`);
    expect(inspect.Spec.Labels).toMatchObject({ "com.dokku.app-name": app, "com.dokku.process-type": "web", "com.dokku.container-type": "deploy" });
    expect(new Set(await webNodes())).toEqual(new Set([world.manager.name, world.worker.name]));
    expect((await webNodes()).length).toBe(4);
    expect(await get()).toMatchObject({ status: 200, body: "v1\n" });
    expect((await get("/cgi-bin/env")).body).toContain("GREETING=hello swarm");
    expect((await ok("ps:report", app, "--running")).stdout.trim()).toBe("true");
    expect((await ok("ps:report", app, "--processes")).stdout.trim()).toBe("4");
    expect((await manager(["service", "ls", "--format", "{{.Name}}"])).stdout.trim()).toBe(`${app}-web`);
  }, 600_000);

  test("logs, run, enter, ps:scale, ps:stop, ps:start and ps:restart; a deploy without a registry or with an option Swarm lacks is refused", async () => {
    const logs = await ok("logs", app, "--num", "100");
    expect(logs.stdout).toMatch(/app\[web\.[0-9]+\]: /);
    expect((await ok("run", app, "echo", "hello-from-run")).stdout).toContain("hello-from-run");
    // 4 replicas over both nodes: the manager runs one at least.
    expect((await ok("enter", app, "web", "printenv", "GREETING")).stdout).toContain("hello swarm");

    const spec = async () => JSON.parse((await manager(["service", "inspect", `${app}-web`])).stdout)[0].Spec;
    await ok("ps:scale", app, "web=2");
    expect((await spec()).Mode.Replicated.Replicas).toBe(2);
    expect((await webNodes()).length).toBe(2);
    expect(await get()).toMatchObject({ status: 200, body: "v1\n" });

    await ok("ps:stop", app);
    expect((await ok("ps:report", app, "--running")).stdout.trim()).toBe("false");
    expect((await spec()).Mode.Replicated.Replicas).toBe(0);
    await ok("ps:start", app);
    expect((await ok("ps:report", app, "--running")).stdout.trim()).toBe("true");
    expect(await get()).toMatchObject({ status: 200, body: "v1\n" });

    await ok("ps:scale", app, "web=4");
    // Without a registry server a two-node deploy is refused before the service changes.
    const version = async () => JSON.parse((await manager(["service", "inspect", `${app}-web`])).stdout)[0].Version.Index;
    const unchanged = await version();
    await ok("registry:set", app, "server", "");
    const alone = await dokku("ps:restart", app);
    expect({ code: alone.code, error: alone.stderr.includes(` !     The swarm has 2 nodes and ${app} has no registry to ship its image to them`) }).toEqual({ code: 1, error: true });
    expect(await version()).toBe(unchanged);
    await ok("registry:set", app, "server", world.registry.address);
    // A docker option Swarm has no field for fails the deploy before the service changes.
    await ok("docker-options:add", app, "deploy", "--privileged");
    const refused = await dokku("ps:restart", app);
    expect({ code: refused.code, error: refused.stderr.includes(" !     Docker option --privileged has no equivalent for Swarm services") }).toEqual({ code: 1, error: true });
    await ok("docker-options:remove", app, "deploy", "--privileged");
    const tasks = async () => (await manager(["service", "ps", "-q", "--filter", "desired-state=running", `${app}-web`])).stdout.trim().split("\n").sort();
    const before = await tasks();
    await ok("ps:restart", app);
    const after = await tasks();
    expect({ count: after.length, kept: after.filter((id) => before.includes(id)) }).toEqual({ count: 4, kept: [] });
    expect(await get()).toMatchObject({ status: 200, body: "v1\n" });
  }, 600_000);

  test("a redeploy whose health check fails is rolled back by Swarm and the old release keeps serving", async () => {
    const appJson = JSON.stringify({ healthchecks: { web: [{ type: "startup", command: ["false"], attempts: 1, wait: 1, timeout: 2 }] } });
    const failed = await deploy("v2", { "app.json": appJson });
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain("Swarm rolled the update back, the previous release keeps running");
    expect(failed.stdout).toContain(`=====> Start of ${app} task output`);
    expect(await get()).toMatchObject({ status: 200, body: "v1\n" });
    const spec = JSON.parse((await manager(["service", "inspect", `${app}-web`])).stdout)[0].Spec;
    expect(spec.TaskTemplate.ContainerSpec.Image).toBe(`${world.registry.address}/dokku/${app}:1`);
  }, 600_000);

  test("releases:rollback runs an earlier release's image again", async () => {
    await deployed("v3");
    expect(await get()).toMatchObject({ status: 200, body: "v3\n" });
    await ok("releases:rollback", app, "1");
    expect(await get()).toMatchObject({ status: 200, body: "v1\n" });
  }, 600_000);

  test("stopping the second engine moves its tasks to the manager and the app keeps answering", async () => {
    await waitFor("one web task on each node", async () => new Set(await webNodes()).size === 2);
    await world.worker.stop();
    const statuses: number[] = [];
    await waitFor("the 4 web tasks on the manager", async () => {
      statuses.push((await get()).status);
      return JSON.stringify(await webNodes()) === JSON.stringify(Array(4).fill(world.manager.name));
    }, 180_000);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    await ok("proxy:build-config", app);
    expect(await get()).toMatchObject({ status: 200, body: "v1\n" });
    await world.worker.start();
    await waitFor("the second engine Ready again", async () => (await readyNodes(world.manager)) === 2);
  }, 600_000);

  test("cluster:remove drains the node: its tasks move to the manager while the app answers", async () => {
    await ok("ps:restart", app);
    await waitFor("a web task on the second engine", async () => (await webNodes()).includes(world.worker.name), 60_000);
    await ok("scheduler-swarm:cluster:remove", world.worker.name);
    expect(await readyNodes(world.manager)).toBe(1);
    expect(await get()).toMatchObject({ status: 200, body: "v1\n" });
    await waitFor("the 4 web tasks on the manager", async () => JSON.stringify(await webNodes()) === JSON.stringify(Array(4).fill(world.manager.name)));
    await ok("proxy:build-config", app);
    expect(await get()).toMatchObject({ status: 200, body: "v1\n" });
  }, 600_000);

  test("apps:destroy removes the app's services", async () => {
    await ok("apps:destroy", "--force", app);
    expect((await manager(["service", "ls", "-q"])).stdout.trim()).toBe("");
  }, 300_000);
});
