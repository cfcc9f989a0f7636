import type { Ctx } from "../../src/core/context.ts";
import { SilentExit, UserError } from "../../src/core/errors.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import type { TriggerName } from "../../src/core/trigger-catalog.ts";
import type { DockerEngine } from "../../src/docker/engine.ts";
import { managerEngine } from "./cluster.ts";
import { runningTasks } from "./converge.ts";
import { deploySwarm } from "./deploy.ts";
import { CONVERGE_TIMEOUT_MS, SWARM } from "./schema.ts";
import { appServices, replicasOf, serviceTasks, taskListeners } from "./services.ts";

/** Runs `handler` only when the trigger's first argument names this scheduler, as Dokku's scripts check. */
export function whenSwarm<N extends TriggerName>(handler: TriggerHandler<N>): TriggerHandler<N> {
  return (ctx, args, io) => (args[0] === SWARM ? handler(ctx, args, io) : undefined);
}

/** True when the app is deployed by this scheduler (`scheduler-detect`). */
async function isSwarmApp(ctx: Ctx, app: string): Promise<boolean> {
  return (await ctx.triggers.query("scheduler-detect", app)).trim() === SWARM;
}

/** `scheduler-deploy swarm APP TAG [PROC_TYPE]`. */
export const onSchedulerDeploy = whenSwarm<"scheduler-deploy">(async (ctx, [, app, tag, procType]) => {
  if (procType !== undefined && procType !== "" && !/^[A-Za-z0-9_-]+$/.test(procType)) throw new UserError(`Invalid process type ${procType}`);
  await deploySwarm(ctx, await ctx.apps.verify(app), tag || "latest", procType || undefined);
});

/**
 * `network-get-listeners APP TYPE` for a swarm app: where its running tasks are published (node
 * address and host port), asked of the manager each time, so a proxy rebuild follows tasks that
 * Swarm moved. Other apps: nothing (the network plugin answers from their address files).
 */
export const onGetListeners: TriggerHandler<"network-get-listeners"> = async (ctx, [app, type]) => {
  if (!(await isSwarmApp(ctx, app))) return undefined;
  const docker = await ctx.docker();
  const service = (await appServices(docker, app)).get(type);
  const listeners = service ? await taskListeners(docker, service) : [];
  return listeners.length > 0 ? `${listeners.join(" ")}\n` : undefined;
};

/** `network-listeners-published APP`: a swarm app's listeners are its tasks' published host ports. */
export const onListenersPublished: TriggerHandler<"network-listeners-published"> = async (ctx, [app]) =>
  (await isSwarmApp(ctx, app)) ? "true\n" : undefined;

/** `scheduler-app-status swarm APP`: `<running tasks> <true|false|mixed>` against the replicas asked for. */
export const onAppStatus = whenSwarm<"scheduler-app-status">(async (ctx, [, app]) => {
  const docker = await ctx.docker();
  let wanted = 0;
  let running = 0;
  for (const service of (await appServices(docker, app)).values()) {
    wanted += replicasOf(service);
    running += (await serviceTasks(docker, service)).length;
  }
  if (wanted === 0) return `${running} false\n`;
  return `${running} ${running >= wanted ? "true" : running === 0 ? "false" : "mixed"}\n`;
});

/** `scheduler-process-status swarm APP`: `TYPE.SLOT running TASK_CONTAINER` per running task. */
export const onProcessStatus = whenSwarm<"scheduler-process-status">(async (ctx, [, app]) => {
  const docker = await ctx.docker();
  const lines: string[] = [];
  for (const [type, service] of [...(await appServices(docker, app))].sort(([a], [b]) => a.localeCompare(b))) {
    for (const task of await serviceTasks(docker, service)) lines.push(`${type}.${task.slot} ${task.state} ${task.containerId}\n`);
  }
  return lines.join("");
});

/** `scheduler-is-deployed swarm APP`: exit 0 when the app has services. */
export const onIsDeployed = whenSwarm<"scheduler-is-deployed">(async (ctx, [, app]) => {
  if ((await appServices(await ctx.docker(), app)).size === 0) throw new SilentExit(1);
});

/**
 * `scheduler-stop swarm APP [REMOVE]`: ps:stop scales every service to 0 and waits (bounded) for
 * their tasks to stop; apps:destroy (`true`) removes the services.
 */
export const onSchedulerStop = whenSwarm<"scheduler-stop">(async (ctx, [, app = "", remove = "false"]) => {
  const docker = await reachable(ctx);
  if (!docker) {
    if (remove !== "true") ctx.log.warn(`This host's Docker engine is not a swarm manager, services of ${app} not stopped`);
    return;
  }
  const services = [...(await appServices(docker, app)).values()];
  if (remove === "true") {
    for (const service of services) await docker.removeService(service.id);
    return;
  }
  for (const service of services) {
    await docker.updateService(service.id, service.version, { ...service.spec, Mode: { Replicated: { Replicas: 0 } } });
  }
  const deadline = Date.now() + CONVERGE_TIMEOUT_MS;
  for (const service of services) {
    while (runningTasks(await docker.listSwarmTasks({ service: service.id })).length > 0) {
      if (Date.now() > deadline) throw new UserError(`Timed out waiting for the tasks of ${service.name} to stop`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
});

/** `scheduler-post-delete swarm APP`: any service of the app still left. */
export const onSchedulerPostDelete = whenSwarm<"scheduler-post-delete">(async (ctx, [, app = ""]) => {
  const docker = await reachable(ctx);
  if (!docker) return;
  for (const service of (await appServices(docker, app)).values()) await docker.removeService(service.id);
});

/** The manager, or undefined (with a trace) when this host's engine is not one: nothing of the app runs. */
async function reachable(ctx: Ctx): Promise<DockerEngine | undefined> {
  try {
    return await managerEngine(ctx);
  } catch (error) {
    ctx.log.trace(`swarm manager unavailable: ${(error as Error).message}`);
    return undefined;
  }
}
