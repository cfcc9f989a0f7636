import { rm } from "node:fs/promises";
import type { Ctx } from "../../src/core/context.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import type { TriggerName } from "../../src/core/trigger-catalog.ts";
import type { DockerEngine } from "../../src/docker/engine.ts";
import { appContainers, removeContainers, stopContainers } from "./containers.ts";
import { dequeueApp } from "./retire-queue.ts";
import { DOCKER_LOCAL, SCHEDULER_DOCKER_LOCAL } from "./schema.ts";
import { stopTimeout } from "./settings.ts";

/** Runs `handler` only when the trigger's first argument names this scheduler, as Dokku's scripts check. */
export function whenDockerLocal<N extends TriggerName>(handler: TriggerHandler<N>): TriggerHandler<N> {
  return (ctx, args, io) => (args[0] === DOCKER_LOCAL ? handler(ctx, args, io) : undefined);
}

/**
 * `scheduler-stop docker-local APP [REMOVE_CONTAINERS]` (fired by ps:stop and, with `true`, by
 * apps:destroy): stops the app's running containers, then removes all of them when asked.
 */
export const onSchedulerStop = whenDockerLocal<"scheduler-stop">(async (ctx, [, app = "", remove = "false"]) => {
  if (!app) return;
  const docker = await reachableDocker(ctx, app, remove === "true");
  if (!docker) return;
  const containers = await appContainers(docker, app);
  await stopContainers(docker, containers, await stopTimeout(ctx, app));
  if (remove === "true") await removeContainers(docker, containers);
});

/**
 * `scheduler-post-delete docker-local APP IMAGE_TAG` (apps:destroy): removes any container of the
 * app still left (one created after `scheduler-stop` listed them), its retirement entries and
 * the plugin's data directory.
 */
export const onSchedulerPostDelete = whenDockerLocal<"scheduler-post-delete">(async (ctx, [, app = ""]) => {
  if (!app) return;
  const docker = await reachableDocker(ctx, app, true);
  if (docker) await removeContainers(docker, await appContainers(docker, app));
  await dequeueApp(ctx, app);
  await rm(ctx.paths.dataDir(SCHEDULER_DOCKER_LOCAL, app), { recursive: true, force: true });
});

/**
 * The engine when the daemon answers. Destroying an app must work without one (there is then
 * nothing of the app's to remove); a plain stop says that nothing was stopped.
 */
async function reachableDocker(ctx: Ctx, app: string, destroying: boolean): Promise<DockerEngine | undefined> {
  const docker = await ctx.docker();
  if (await docker.reachable()) return docker;
  if (destroying) ctx.log.trace(`docker unreachable, containers of ${app} not checked`);
  else ctx.log.warn(`Docker is not available, containers of ${app} not stopped`);
  return undefined;
}

/** The retirement backstop's schedule: every five minutes, as install.sh's systemd timer. */
export const RETIRE_SCHEDULE = "*/5 * * * *";

/**
 * `cron-entries docker-local [json]`: on a host without systemd (where install.sh leaves no retire
 * timer) `ps:retire` runs from the dokku user's crontab, so old containers of an interrupted swap
 * never linger (DESIGN 3.4). With systemd the timer does it and nothing is added.
 */
export const onCronEntries = whenDockerLocal<"cron-entries">((ctx, [, format = ""]) => {
  if (ctx.env.vars.DOKKU_INIT_SYSTEM === "systemd") return undefined;
  const command = "dokku ps:retire";
  return format === "json" ? `${JSON.stringify({ schedule: RETIRE_SCHEDULE, command })}\n` : `${RETIRE_SCHEDULE};${command}\n`;
});
