import type { Ctx } from "../../src/core/context.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import { chainHandlers, propertyLifecycle } from "../../src/core/property-lifecycle.ts";
import { UserError, errorMessage } from "../../src/core/errors.ts";
import { appTasks, schedulerOf, writeHostCrontab } from "./host-crontab.ts";
import { CRON, CRON_LABELS, CRON_RUN_ENV, CronProps, MAINTENANCE_PREFIX } from "./schema.ts";
import { cronId } from "./tasks.ts";

const lifecycle = propertyLifecycle(CRON);

/**
 * `core-post-extract APP WORKDIR REV`: the pushed app.json's cron tasks are checked with Dokku's
 * rules (app-json, earlier in plugin order, has extracted it), so a bad schedule or command
 * fails the push before anything is built or any container changes.
 */
export const onCorePostExtract: TriggerHandler<"core-post-extract"> = async (ctx, [app]) => {
  await appTasks(ctx, app, true);
};

/** Regenerates the crontab through the app's scheduler, so a scheduler with its own cron can take over. */
const rewrite = async (ctx: Ctx, app: string) => {
  await ctx.triggers.notify("scheduler-cron-write", await schedulerOf(ctx, app), app);
};

/** `post-deploy`: the deployed app.json's tasks replace the app's previous ones in the crontab. */
export const onPostDeploy: TriggerHandler<"post-deploy"> = (ctx, [app]) => rewrite(ctx, app);

/**
 * `post-delete` (apps:destroy, and the old name of apps:rename): the app's tasks leave the
 * crontab, then its properties go. The app's directory still exists while post-delete runs, so
 * the app is left out by name rather than by whatever other plugins removed before.
 */
export const onPostDelete = chainHandlers<"post-delete">(async (ctx, [app]) => {
  const scheduler = await schedulerOf(ctx, app);
  try {
    if ((await ctx.triggers.query("scheduler-uses-host-cron", scheduler)).trim() === "true") await writeHostCrontab(ctx, { without: app });
    else await ctx.triggers.notify("scheduler-cron-write", scheduler, app);
  } catch (error) {
    // apps:destroy always succeeds (DESIGN 5): a crontab we cannot rewrite is named, not fatal.
    ctx.log.warn(`The app's cron tasks may still be scheduled: ${errorMessage(error)}`);
  }
}, lifecycle["post-delete"]);

/** `post-app-clone-setup`: the clone has the app's app.json, so it has its tasks (under its own ids). */
export const onPostAppCloneSetup = chainHandlers<"post-app-clone-setup">(lifecycle["post-app-clone-setup"], (ctx, [, to]) => rewrite(ctx, to));

/**
 * `post-app-rename-setup`: properties move to the new name, and a suspended task stays
 * suspended under its new id (ids are computed from the app name).
 */
export const onPostAppRenameSetup = chainHandlers<"post-app-rename-setup">(lifecycle["post-app-rename-setup"], async (ctx, [from, to]) => {
  const props = await ctx.props.getAll(CRON, to);
  for (const task of await appTasks(ctx, to).catch(() => [])) {
    const old = `${MAINTENANCE_PREFIX}${cronId(from, task.command, task.schedule)}`;
    if (props[old] === undefined) continue;
    await ctx.props.set(CRON, to, `${MAINTENANCE_PREFIX}${task.id}`, props[old]);
    await ctx.props.del(CRON, to, old);
  }
});

/**
 * `scheduler-cron-write [SCHEDULER] [APP]`: regenerates the host crontab, unless SCHEDULER runs
 * its cron elsewhere. Without arguments always.
 */
export const onSchedulerCronWrite: TriggerHandler<"scheduler-cron-write"> = async (ctx, [scheduler]) => {
  if (scheduler && (await ctx.triggers.query("scheduler-uses-host-cron", scheduler)).trim() !== "true") return;
  await writeHostCrontab(ctx);
};

/**
 * `cron-write`: regenerates the host crontab. Plugins fire it after changing what they print for
 * `cron-entries` (dokku-letsencrypt's cron-job, once it finds `$PLUGIN_AVAILABLE_PATH/cron/cron-write`).
 */
export const onCronWrite: TriggerHandler<"cron-write"> = async (ctx) => {
  await writeHostCrontab(ctx);
};

/** `scheduler-uses-host-cron docker-local`: its tasks run from the dokku user's crontab. */
export const onUsesHostCron: TriggerHandler<"scheduler-uses-host-cron"> = (_ctx, [scheduler]) => (scheduler === "docker-local" ? "true\n" : undefined);

/** `cron-get-property APP KEY`: the app's value, default empty (maintenance: false). */
export const onCronGetProperty: TriggerHandler<"cron-get-property"> = async (ctx, [app, key]) => {
  // dokku-compat: Dokku's message.
  if (!Object.values(CronProps).includes(key as never)) throw new UserError("Invalid cron property specified");
  const fallback = key === CronProps.maintenance ? "false" : "";
  return `${(await ctx.props.get(CRON, app, key)) ?? fallback}\n`;
};

/**
 * `docker-args-run APP TAG`: the container of a cron:run carries its task's id, the label the
 * concurrency policies look for (the id reaches the scheduler as DOKKU_CRON_ID, Dokku's name).
 * dokku-compat: Dokku's docker-local scheduler adds this label itself; here the plugin that reads
 * the label writes it, so any scheduler that honours docker-args-run gets it.
 */
export const onDockerArgsRun: TriggerHandler<"docker-args-run"> = (ctx) => {
  const id = ctx.env.vars[CRON_RUN_ENV.cronId];
  // Ids are lowercase base36; anything else did not come from cron:run.
  return id && /^[0-9a-z]+$/.test(id) ? ` --label=${CRON_LABELS.cronId}=${id}` : undefined;
};
