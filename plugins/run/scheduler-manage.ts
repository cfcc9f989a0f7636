// docker-local answers for run:list, run:stop and the expiry of one-off containers.
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import type { ContainerInfo, ContainerSummary, DockerEngine } from "../../src/docker/engine.ts";
import { LABELS } from "../../src/docker/labels.ts";
import { containersOfType, whenDockerLocal } from "./docker-local.ts";
import { expiredContainers } from "./retire.ts";
import { runListJson, runListTable } from "./run-list.ts";
import { ONE_OFF_TYPES, RUN_LABELS } from "./schema.ts";

/** Seconds a stopped one-off container gets between SIGTERM and SIGKILL. */
const STOP_TIMEOUT_SECONDS = 10;

/** `scheduler-run-list docker-local APP [FORMAT]`: the app's run containers, as a table or JSON. */
export const onSchedulerRunList = whenDockerLocal<"scheduler-run-list">(async (ctx, [, app = "", format = "stdout"]) => {
  const containers = await containersOfType(await ctx.docker(), app, "run");
  if (format === "json") return `${runListJson(containers)}\n`;
  ctx.log.header(`${app} run containers`);
  for (const line of runListTable(containers, Math.floor(Date.now() / 1000))) ctx.log.data(line);
});

/** `scheduler-run-stop docker-local APP [CONTAINER]`: stops the named run container, or all of the app's. */
export const onSchedulerRunStop = whenDockerLocal<"scheduler-run-stop">(async (ctx, [, app = "", name]) => {
  const docker = await ctx.docker();
  if (name) {
    const container = await runContainer(docker, app, name);
    ctx.log.step(`Stopping ${container.name}`);
    await docker.stopContainer(container.id, { timeoutSeconds: STOP_TIMEOUT_SECONDS });
    return;
  }
  const running = await containersOfType(docker, app, "run", true);
  if (running.length === 0) return void ctx.log.warn(`No running run containers found for ${app}`);
  for (const container of running) {
    ctx.log.step(`Stopping ${container.name}`);
    await docker.stopContainer(container.id, { timeoutSeconds: STOP_TIMEOUT_SECONDS });
  }
});

/**
 * The run container named `name` (looked up by name, then identified by its labels): it must
 * carry the app's label and a one-off `com.dokku.container-type` (`run`, or `cron` for a cron task's).
 */
export async function runContainer(docker: DockerEngine, app: string, name: string): Promise<ContainerInfo> {
  const info = await docker.inspectContainer(name);
  if (!info || info.labels[LABELS.app] !== app) throw new UserError(`No run container named ${name} found for ${app}`);
  // dokku-compat: Dokku's wording.
  if (!(ONE_OFF_TYPES as readonly string[]).includes(info.labels[RUN_LABELS.containerType] ?? "")) throw new UserError("Specified container must be a run container");
  return info;
}

/** `scheduler-run-retire docker-local [APP]`: one-off containers past their deadline are stopped (`--rm` removes them). */
export const onSchedulerRunRetire = whenDockerLocal<"scheduler-run-retire">((ctx, [, app]) => retireExpired(ctx, app || undefined));

/** `scheduler-retire docker-local [APP]` (ps:retire): the one-off part of retirement, as Dokku's chains it. */
export const onSchedulerRetire = whenDockerLocal<"scheduler-retire">((ctx, [, app]) => retireExpired(ctx, app || undefined));

async function retireExpired(ctx: Ctx, app: string | undefined): Promise<void> {
  const docker = await ctx.docker();
  if (!(await docker.reachable())) return void ctx.log.warn("Docker is not available, expired run containers not retired");
  const found: ContainerSummary[] = []; // running ones: a stopped container has nothing left to retire
  for (const type of ONE_OFF_TYPES) {
    const labels = { [RUN_LABELS.containerType]: type, ...(app ? { [LABELS.app]: app } : {}) };
    found.push(...(await docker.listContainers({ labels, all: false })).filter((c) => c.labels[LABELS.app]));
  }
  for (const container of expiredContainers(found, Math.floor(Date.now() / 1000))) {
    const deadline = container.labels[RUN_LABELS.deadline];
    ctx.log.step(`Stopping ${container.name} (${container.labels[LABELS.app]}): past its deadline of ${deadline} seconds`);
    await docker.stopContainer(container.id, { timeoutSeconds: STOP_TIMEOUT_SECONDS });
  }
}
