// scheduler-swarm:set / :report and input errors that need no Docker; the cluster commands run on
// the two-node world in tests/integration/scheduler-swarm.test.ts.
import { expect, setDefaultTimeout, test } from "bun:test";
import { createTestHost } from "../_harness/host.ts";

setDefaultTimeout(120_000);

test.concurrent("scheduler-swarm:set stores valid values; report shows app, global and computed ones", async () => {
  await using host = await createTestHost();
  expect((await host.dokku(["apps:create", "web"])).code).toBe(0);
  expect((await host.dokku(["scheduler-swarm:report", "web", "--scheduler-swarm-computed-update-order"])).stdout.trim()).toBe("start-first");
  for (const args of [["--global", "update-parallelism", "2"], ["web", "update-order", "stop-first"], ["web", "placement-constraints", "node.role==worker"]]) {
    expect(await host.dokku(["scheduler-swarm:set", ...args])).toMatchObject({ code: 0, stderr: "" });
  }
  const report = JSON.parse((await host.dokku(["scheduler-swarm:report", "web", "--format", "json"])).stdout) as Record<string, string>;
  expect(report).toMatchObject({
    "scheduler-swarm-update-order": "stop-first", "scheduler-swarm-computed-update-order": "stop-first",
    "scheduler-swarm-update-parallelism": "", "scheduler-swarm-global-update-parallelism": "2", "scheduler-swarm-computed-update-parallelism": "2",
    "scheduler-swarm-computed-update-failure-action": "rollback", "scheduler-swarm-computed-max-replicas-per-node": "0",
    "scheduler-swarm-computed-placement-constraints": "node.role==worker",
  });
  const global = await host.dokku(["scheduler-swarm:report", "--global"]);
  expect(global.stdout.split("\n")[0]).toBe("=====> global scheduler-swarm information");
});

test.concurrent("bad values and keys are refused with one line; nothing is written", async () => {
  await using host = await createTestHost();
  expect((await host.dokku(["apps:create", "web"])).code).toBe(0);
  const cases: [string[], string, number][] = [
    [["scheduler-swarm:set", "web", "update-order", "fast"], "Invalid update-order: fast (expected start-first or stop-first)", 1],
    [["scheduler-swarm:set", "web", "update-failure-action", "explode"], "Invalid update-failure-action: explode (expected rollback, pause or continue)", 1],
    [["scheduler-swarm:set", "--global", "max-replicas-per-node", "two"], "Invalid max-replicas-per-node: two (expected a whole number, 0 for no limit)", 1],
    [["scheduler-swarm:set", "web", "placement-constraints", "role=worker"], "Invalid placement constraint: role=worker", 1],
    [["scheduler-swarm:set", "web", "replicas", "3"], "Invalid property specified, valid properties include: max-replicas-per-node, placement-constraints, update-failure-action, update-order, update-parallelism", 1],
    [["scheduler-swarm:set", "nope", "update-order", "stop-first"], "App nope does not exist", 20],
    [["scheduler-swarm:cluster:add"], "No Docker endpoint specified", 1],
    [["scheduler-swarm:cluster:remove"], "No node specified", 1],
  ];
  for (const [args, message, code] of cases) {
    const r = await host.dokku(args);
    expect({ args, code: r.code, error: r.stderr.includes(` !     ${message}`) }).toEqual({ args, code, error: true });
  }
  expect((await host.dokku(["scheduler-swarm:report", "web", "--scheduler-swarm-update-order"])).stdout.trim()).toBe("");
});
