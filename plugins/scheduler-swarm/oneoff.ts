// `dokku run` and `dokku enter` on a swarm app. Both happen on this host's engine, the manager:
// a one-off container from the release image (docker-local's run, which already does exactly
// that), or a shell in a task container running here.
import { UserError } from "../../src/core/errors.ts";
import { managerEngine } from "./cluster.ts";
import { appServices, serviceTasks } from "./services.ts";
import { whenSwarm } from "./triggers.ts";

/**
 * `scheduler-run swarm APP ...`: the one-off container runs on the manager with the app's
 * released image and config, as a docker-local one does (the same trigger answered by the run
 * plugin for docker-local, with the same arguments).
 * dokku-compat: Dokku's scheduler-k3s runs a Job in the cluster; a Swarm service for a one-off
 * command could not attach a terminal.
 */
export const onSchedulerRun = whenSwarm<"scheduler-run">((ctx, [, ...rest]) => ctx.triggers.query("scheduler-run", "docker-local", ...rest));

const TARGET = /^([A-Za-z0-9_-]{1,63})(?:\.([0-9]+))?$/;

/**
 * `scheduler-enter swarm APP [TYPE|TYPE.N|--container-id CID] [COMMAND...]`: a running task
 * container of this node (TYPE.N: task slot N), entered as docker-local enters its containers.
 */
export const onSchedulerEnter = whenSwarm<"scheduler-enter">(async (ctx, [, app = "", ...words]) => {
  const [first, ...rest] = words;
  if (first?.startsWith("--container-id")) return ctx.triggers.query("scheduler-enter", "docker-local", app, ...words);
  const docker = await managerEngine(ctx);
  const own = (await docker.swarmState()).nodeId;
  const services = await appServices(docker, app);
  const match = first === undefined ? undefined : TARGET.exec(first);
  if (first !== undefined && !match) throw new UserError(`Invalid process type ${first}: expected TYPE or TYPE.N`);
  const type = match?.[1] ?? (services.size === 1 ? [...services.keys()][0]! : undefined);
  if (!type) throw new UserError(`${app} runs several process types (${[...services.keys()].sort().join(", ")}): specify one, e.g. dokku enter ${app} web`);
  const service = services.get(type);
  if (!service) throw new UserError(`No running ${type} container found for ${app}`);
  const slot = match?.[2] === undefined ? undefined : Number(match[2]);
  const here = (await serviceTasks(docker, service)).filter((t) => t.nodeId === own && (slot === undefined || t.slot === slot));
  if (here.length === 0 || !here[0]!.containerId) {
    throw new UserError(`No running ${slot === undefined ? type : `${type}.${slot}`} task of ${app} on this node: enter its container on the node that runs it`);
  }
  return ctx.triggers.query("scheduler-enter", "docker-local", app, "--container-id", here[0]!.containerId, ...(first === undefined ? [] : rest));
});
