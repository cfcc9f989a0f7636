import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { formatArg } from "../../src/cli/shared-args.ts";
import { dockerAt } from "../../src/docker/connect.ts";
import type { DockerEngine, SwarmNodeInfo } from "../../src/docker/engine.ts";
import { endpointOf, forgetEndpoint, saveEndpoint } from "./nodes-store.ts";
import { SCHEDULER_SWARM, SWARM_PORT } from "./schema.ts";
import { findNode, nodeRows, renderTable } from "./values.ts";

const advertiseArg = {
  "advertise-addr": { type: "string", description: "Address (or interface) the node advertises to the swarm", valueHint: "ADDR" },
} as const;

/** The local engine as a swarm manager, or a UserError saying what to do. */
export async function managerEngine(ctx: Ctx): Promise<DockerEngine> {
  const docker = await ctx.docker();
  const state = await docker.swarmState();
  if (state.state !== "active") throw new UserError(`Swarm is not initialized: run 'dokku ${SCHEDULER_SWARM}:initialize' first`);
  if (!state.manager) throw new UserError("This host's Docker engine is a swarm worker; run dokku against a manager");
  return docker;
}

/** Polls (bounded, no fixed sleep beyond the poll interval) until `check` holds. */
async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new UserError(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export const swarmInitialize = defineCommand({
  name: `${SCHEDULER_SWARM}:initialize`,
  description: "Makes this host's Docker engine a swarm manager (idempotent)",
  usage: "[--advertise-addr ADDR]",
  args: advertiseArg,
  async run(ctx, args) {
    const docker = await ctx.docker();
    const state = await docker.swarmState();
    if (state.state === "active" && state.manager) return void ctx.log.step(`Swarm already initialized, this engine is a manager (node ${state.nodeId.slice(0, 12)})`);
    if (state.state === "active") throw new UserError("This host's Docker engine is already a swarm worker; make it leave first (docker swarm leave)");
    if (state.state !== "inactive") throw new UserError(`This host's Docker engine is in swarm state ${state.state}; fix it with docker swarm before initializing`);
    ctx.log.step("Initializing swarm");
    const nodeId = await docker.swarmInit({ advertiseAddr: args["advertise-addr"] || undefined });
    ctx.log.detail(`This engine is now a swarm manager (node ${nodeId.slice(0, 12)})`);
  },
});

export const swarmClusterAdd = defineCommand({
  name: `${SCHEDULER_SWARM}:cluster:add`,
  description: "Joins another Docker engine to the swarm (ssh://root@host, tcp://host:port or unix:///path)",
  usage: "[--role manager|worker] [--advertise-addr ADDR] <docker-endpoint>",
  args: {
    role: { type: "string", description: "Role of the new node: worker (default) or manager", valueHint: "manager|worker" },
    ...advertiseArg,
  },
  async run(ctx, args) {
    const role = args.role || "worker";
    if (role !== "worker" && role !== "manager") throw new UserError(`Invalid role: ${role} (expected manager or worker)`);
    const [endpoint = "", ...extra] = args._.map(String);
    if (endpoint === "") throw new UserError("No Docker endpoint specified");
    if (extra.length > 0) throw new UserError("Only one Docker endpoint may be specified");
    const manager = await managerEngine(ctx);
    const own = await manager.swarmState();
    const node = await dockerAt(ctx.env.vars, endpoint);
    await node.ping();
    const theirs = await node.swarmState();
    // A worker does not know the cluster id: ask the manager whether the node is one of its own.
    if (theirs.state === "active" && (await manager.listSwarmNodes()).some((n) => n.id === theirs.nodeId)) {
      return void ctx.log.step(`${endpoint} is already a node of this swarm`);
    }
    if (theirs.state !== "inactive") throw new UserError(`${endpoint} is already in another swarm (state ${theirs.state}); make it leave first`);
    const tokens = await manager.swarmJoinTokens();
    const managers = own.managers.length > 0 ? own.managers : [`${own.nodeAddr}:${SWARM_PORT}`];
    ctx.log.step(`Joining ${endpoint} to the swarm as a ${role}`);
    await node.swarmJoin({ managers, token: role === "manager" ? tokens.manager : tokens.worker, advertiseAddr: args["advertise-addr"] || undefined });
    const joined = await node.swarmState();
    await saveEndpoint(ctx, joined.nodeId, endpoint);
    await waitFor(`node ${joined.nodeId.slice(0, 12)} to be ready`, async () => (await manager.listSwarmNodes()).some((n) => n.id === joined.nodeId && n.state === "ready"), 60_000);
    ctx.log.detail(`Node ${joined.nodeId.slice(0, 12)} joined and is ready`);
  },
});

export const swarmClusterList = defineCommand({
  name: `${SCHEDULER_SWARM}:cluster:list`,
  description: "Lists the swarm's nodes: role, state and availability",
  usage: "[--format stdout|json]",
  args: formatArg,
  async run(ctx, args) {
    const format = args.format || "stdout";
    if (format !== "stdout" && format !== "json") throw new UserError(`Invalid --format value specified: ${format}`);
    const nodes = await (await managerEngine(ctx)).listSwarmNodes();
    if (format === "json") return void ctx.log.data(JSON.stringify(nodes));
    ctx.log.data(renderTable(nodeRows(nodes)));
  },
});

export const swarmClusterRemove = defineCommand({
  name: `${SCHEDULER_SWARM}:cluster:remove`,
  description: "Drains a node, makes it leave the swarm and removes it",
  usage: "<node>",
  args: { node: { type: "positional", description: "Node id, id prefix or hostname", required: false } },
  async run(ctx, args) {
    const name = String(args._[0] ?? "");
    if (name === "") throw new UserError("No node specified");
    const manager = await managerEngine(ctx);
    const own = await manager.swarmState();
    const found = findNode(await manager.listSwarmNodes(), name);
    if (found === "ambiguous") throw new UserError(`Node name ${name} matches more than one node; use its id`);
    if (!found) throw new UserError(`Node ${name} is not part of the swarm`);
    if (found.id === own.nodeId) throw new UserError("Refusing to remove the manager dokku runs on");
    await drain(ctx, manager, found);
    await leave(ctx, manager, found);
  },
});

/** Drain: the node's tasks are rescheduled elsewhere; waits (bounded) until none runs there. */
async function drain(ctx: Ctx, manager: DockerEngine, node: SwarmNodeInfo): Promise<void> {
  ctx.log.step(`Draining node ${node.hostname} (${node.id.slice(0, 12)})`);
  await manager.setNodeAvailability(node.id, "drain");
  const running = async () => (await manager.listSwarmTasks({ node: node.id })).filter((t) => t.state === "running" || t.desiredState === "running").length;
  await waitFor(`the tasks of ${node.hostname} to move`, async () => (await running()) === 0, 120_000);
  ctx.log.detail(`Node ${node.hostname} runs no tasks`);
}

/** Makes the node leave through its stored endpoint, then removes it from the node list. */
async function leave(ctx: Ctx, manager: DockerEngine, node: SwarmNodeInfo): Promise<void> {
  const endpoint = await endpointOf(ctx, node.id);
  if (endpoint) {
    ctx.log.step(`Leaving the swarm on ${endpoint}`);
    const engine = await dockerAt(ctx.env.vars, endpoint);
    if (await engine.reachable()) await engine.swarmLeave({ force: node.role === "manager" });
    else ctx.log.warn(`${endpoint} does not answer; removing the node from the swarm anyway`);
  } else {
    ctx.log.warn(`Node ${node.hostname} was not added with ${SCHEDULER_SWARM}:cluster:add; run 'docker swarm leave' on it`);
  }
  // The manager notices a left node only after its heartbeat period; `force` removes it now.
  await manager.removeSwarmNode(node.id, { force: true });
  await forgetEndpoint(ctx, node.id);
  ctx.log.detail(`Node ${node.hostname} removed from the swarm`);
}
