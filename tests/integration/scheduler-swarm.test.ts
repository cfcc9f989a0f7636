// scheduler-swarm's cluster commands on the two-node test world (tests/_harness/swarm.ts): dokku
// runs against the first engine (DOCKER_HOST), initializes the swarm there, adds the second
// engine through its socket, lists both, and removes it again (drain, leave, rm), its tasks
// moving to the manager. One world for the whole file; the tests run in order.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { TEST_IMAGES, ensureTestImages, requireDocker } from "../_harness/docker.ts";
import { createTestHost, type RunResult, type TestHost } from "../_harness/host.ts";
import { registrySkipReason } from "../_harness/registry.ts";
import { startSwarmWorld, swarmSkipReason, type SwarmWorld } from "../_harness/swarm.ts";

const skip = (await requireDocker()) ?? registrySkipReason() ?? swarmSkipReason();

interface NodeJson {
  id: string;
  hostname: string;
  role: string;
  state: string;
  availability: string;
}

describe.skipIf(skip !== undefined)("scheduler-swarm cluster commands", () => {
  let world: SwarmWorld;
  let host: TestHost;
  let image = "";
  const dokku = (...args: string[]) => host.dokku(args);
  const ok = (r: RunResult) => {
    if (r.code !== 0) throw new Error(`exit ${r.code}:\n${r.stdout}\n${r.stderr}`);
    return r;
  };
  const nodes = async () => (JSON.parse(ok(await dokku("scheduler-swarm:cluster:list", "--format", "json")).stdout) as NodeJson[]).sort((a, b) => a.hostname.localeCompare(b.hostname));
  const tasksOn = async (service: string) =>
    (await world.manager.docker(["service", "ps", service, "--filter", "desired-state=running", "--format", "{{.Node}} {{.CurrentState}}"])).stdout
      .split("\n").filter((l) => l.includes("Running")).map((l) => l.split(" ")[0]!).sort();
  const waitFor = async (what: string, check: () => Promise<boolean>, timeoutMs = 90_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };

  beforeAll(async () => {
    await ensureTestImages();
    world = await startSwarmWorld({ form: false });
    // The nodes pull the test image from the world's registry, as they will pull releases.
    await world.loadImages([TEST_IMAGES.base]);
    image = `${world.registry.address}/world/base:1`;
    for (const args of [["image", "tag", TEST_IMAGES.base, image], ["image", "push", image]]) ok(await world.manager.docker(args));
    host = await createTestHost();
    host.env.DOCKER_HOST = world.manager.host;
  }, 15 * 60_000);
  afterAll(async () => {
    await host?.[Symbol.asyncDispose]();
    await world?.[Symbol.asyncDispose]();
  }, 180_000);

  test("cluster commands refuse to run before initialize; initialize is idempotent", async () => {
    const list = await dokku("scheduler-swarm:cluster:list");
    expect({ code: list.code, error: list.stderr.includes(" !     Swarm is not initialized: run 'dokku scheduler-swarm:initialize' first") }).toEqual({ code: 1, error: true });
    const init = ok(await dokku("scheduler-swarm:initialize", "--advertise-addr", world.manager.address));
    expect(init.stdout).toContain("-----> Initializing swarm");
    expect(ok(await dokku("scheduler-swarm:initialize")).stdout).toContain("Swarm already initialized, this engine is a manager");
    expect((await nodes()).map((n) => [n.hostname, n.role, n.state])).toEqual([[world.manager.name, "manager", "ready"]]);
  }, 120_000);

  test("cluster:add joins the second engine as a worker; bad endpoints are refused", async () => {
    const bad = await dokku("scheduler-swarm:cluster:add", "ftp://x");
    expect({ code: bad.code, error: bad.stderr.includes(" !     Invalid DOCKER_HOST: ftp://x") }).toEqual({ code: 1, error: true });
    const role = await dokku("scheduler-swarm:cluster:add", "--role", "boss", world.worker.host);
    expect({ code: role.code, error: role.stderr.includes(" !     Invalid role: boss (expected manager or worker)") }).toEqual({ code: 1, error: true });

    const add = ok(await dokku("scheduler-swarm:cluster:add", world.worker.host));
    expect(add.stdout).toContain(`-----> Joining ${world.worker.host} to the swarm as a worker`);
    expect((await nodes()).map((n) => [n.hostname, n.role, n.state, n.availability])).toEqual(
      [[world.manager.name, "manager", "ready", "active"], [world.worker.name, "worker", "ready", "active"]].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    expect(ok(await dokku("scheduler-swarm:cluster:add", world.worker.host)).stdout).toContain("is already a node of this swarm");
    const table = ok(await dokku("scheduler-swarm:cluster:list")).stdout.split("\n");
    expect(table[0]).toMatch(/^name +id +role +state +availability +address$/);
  }, 180_000);

  test("cluster:remove drains the node (its tasks move to the manager), makes it leave and removes it", async () => {
    const create = await world.manager.docker(["service", "create", "--detach", "--name", "drain-me", "--replicas", "2", "--stop-grace-period", "1s", image, "sleep", "infinity"]);
    expect(create.code).toBe(0);
    await waitFor("a task on each node", async () => (await tasksOn("drain-me")).length === 2 && new Set(await tasksOn("drain-me")).size === 2);

    const missing = await dokku("scheduler-swarm:cluster:remove", "no-such-node");
    expect({ code: missing.code, error: missing.stderr.includes(" !     Node no-such-node is not part of the swarm") }).toEqual({ code: 1, error: true });
    const self = await dokku("scheduler-swarm:cluster:remove", world.manager.name);
    expect({ code: self.code, error: self.stderr.includes(" !     Refusing to remove the manager dokku runs on") }).toEqual({ code: 1, error: true });

    const remove = ok(await dokku("scheduler-swarm:cluster:remove", world.worker.name));
    expect(remove.stdout).toContain(`-----> Draining node ${world.worker.name}`);
    expect((await nodes()).map((n) => n.hostname)).toEqual([world.manager.name]);
    expect((await world.worker.docker(["info", "--format", "{{.Swarm.LocalNodeState}}"])).stdout.trim()).toBe("inactive");
    await waitFor("both tasks on the manager", async () => JSON.stringify(await tasksOn("drain-me")) === JSON.stringify([world.manager.name, world.manager.name]));
    expect((await world.manager.docker(["service", "rm", "drain-me"])).code).toBe(0);
  }, 300_000);
});
