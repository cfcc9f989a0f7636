// The two-node swarm test world itself (tests/_harness/swarm.ts): both engines Ready in one swarm,
// images travel between them through the registry on the test bridge, and a service's replicas
// spread over both nodes. The swarm scheduler's tests build on exactly this.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { TEST_IMAGES, ensureTestImages, requireDocker } from "../_harness/docker.ts";
import { registrySkipReason } from "../_harness/registry.ts";
import { readyNodes, startSwarmWorld, swarmSkipReason, type SwarmWorld } from "../_harness/swarm.ts";

const skip = (await requireDocker()) ?? registrySkipReason() ?? swarmSkipReason();

describe.skipIf(skip !== undefined)("swarm test world", () => {
  let world: SwarmWorld;

  beforeAll(async () => {
    await ensureTestImages();
    world = await startSwarmWorld();
  }, 15 * 60_000);
  afterAll(async () => {
    await world?.[Symbol.asyncDispose]();
  }, 120_000);

  test("two engines, one manager and one worker, both Ready, each with its own hostname", async () => {
    expect(await readyNodes(world.manager)).toBe(2);
    const r = await world.manager.docker(["node", "ls", "--format", "{{.Hostname}} {{.ManagerStatus}}"]);
    expect(r.stdout.trim().split("\n").map((l) => l.trim()).sort()).toEqual([`${world.manager.name} Leader`, world.worker.name].sort());
    expect((await world.worker.docker(["info", "--format", "{{.Swarm.ControlAvailable}}"])).stdout.trim()).toBe("false");
  });

  test("an image pushed from one node is pulled on the other through the registry", async () => {
    await world.loadImages([TEST_IMAGES.base]);
    const ref = `${world.registry.address}/world/base:1`;
    expect((await world.manager.docker(["image", "tag", TEST_IMAGES.base, ref])).code).toBe(0);
    const push = await world.manager.docker(["image", "push", ref]);
    expect({ code: push.code, stderr: push.stderr }).toEqual({ code: 0, stderr: "" });
    expect(await world.registry.tags("world/base")).toEqual(["1"]);
    const pull = await world.worker.docker(["image", "pull", ref]);
    expect({ code: pull.code, stderr: pull.stderr }).toEqual({ code: 0, stderr: "" });
  }, 300_000);

  test("a service's replicas run on both nodes", async () => {
    const ref = `${world.registry.address}/world/base:1`;
    const create = await world.manager.docker([
      "service", "create", "--detach", "--name", "world-spread", "--replicas", "2", "--replicas-max-per-node", "1", ref, "sleep", "infinity",
    ]);
    expect({ code: create.code, stderr: create.stderr }).toEqual({ code: 0, stderr: "" });
    const deadline = Date.now() + 90_000;
    let nodes: string[] = [];
    while (Date.now() < deadline) {
      const ps = await world.manager.docker(["service", "ps", "world-spread", "--filter", "desired-state=running", "--format", "{{.Node}} {{.CurrentState}}"]);
      nodes = ps.stdout.split("\n").filter((l) => l.includes("Running")).map((l) => l.split(" ")[0]!).sort();
      if (nodes.length === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(nodes).toEqual([world.manager.name, world.worker.name].sort());
    expect((await world.manager.docker(["service", "rm", "world-spread"])).code).toBe(0);
  }, 180_000);
});
