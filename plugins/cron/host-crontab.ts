// The host crontab: every app's tasks (for schedulers that run cron on this host) plus the
// entries plugins inject, regenerated whole and installed with `crontab`, one writer at a time.
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { UserError, errorMessage } from "../../src/core/errors.ts";
import { currentUserName } from "../../src/core/env.ts";
import { acquireLock } from "../../src/core/lock.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { type CrontabEntry, appTaskCommand, injectedCommand, parseInjectedEntries, type InjectedEntry, renderCrontab } from "./crontab.ts";
import { CRON, CRONTAB_ENV, CronProps } from "./schema.ts";
import { type CronTask, parseCronTasks } from "./tasks.ts";

/** The app's tasks from its app.json in use (this deploy's copy during a deploy). */
export async function appTasks(ctx: Ctx, app: string, strict = false): Promise<CronTask[]> {
  const text = await ctx.triggers.query("app-json-get-content", app);
  let json: unknown;
  try {
    json = JSON.parse(text.trim() === "" ? "{}" : text);
  } catch {
    throw new UserError(`Cannot parse app.json for ${app}: not valid JSON`);
  }
  const properties = await ctx.props.getAll(CRON, app);
  return parseCronTasks(app, json, { properties, appInMaintenance: await appInMaintenance(ctx, app), strict, warn: (m) => ctx.log.warn(m) });
}

/**
 * Computed `maintenance` as Dokku reports it: "true" when the app's value is, else the global
 * value, else "false" (a global true is never overridden by an app's false).
 */
export async function computedMaintenance(ctx: Ctx, scope: string): Promise<string> {
  if (scope !== GLOBAL && (await ctx.props.get(CRON, scope, CronProps.maintenance)) === "true") return "true";
  return (await ctx.props.get(CRON, GLOBAL, CronProps.maintenance)) || "false";
}

/** Every task of the app is held back (cron:set maintenance true, for the app or globally). */
export async function appInMaintenance(ctx: Ctx, app: string): Promise<boolean> {
  return (await computedMaintenance(ctx, app)) === "true";
}

export async function schedulerOf(ctx: Ctx, scope: string): Promise<string> {
  return (await ctx.triggers.query("scheduler-detect", scope)).trim() || "docker-local";
}

async function usesHostCron(ctx: Ctx, scheduler: string): Promise<boolean> {
  return (await ctx.triggers.query("scheduler-uses-host-cron", scheduler)).trim() === "true";
}

/** Entries the `cron-entries` trigger adds for each scheduler that runs cron on this host. */
export async function injectedEntries(ctx: Ctx, schedulers: Iterable<string>): Promise<InjectedEntry[]> {
  const out: InjectedEntry[] = [];
  for (const scheduler of schedulers) {
    const { entries, invalid } = parseInjectedEntries(await ctx.triggers.query("cron-entries", scheduler, "json"));
    // dokku-compat: Dokku refuses to write anything when a plugin prints a bad line; the line is
    // named and skipped here, so one plugin cannot stop every app's tasks from being scheduled.
    for (const line of invalid) ctx.log.warn(`Invalid injected cron task: ${line}`);
    out.push(...entries);
  }
  return out;
}

/** The crontab lines of every host-cron app and plugin, tasks in maintenance left out. */
async function crontabEntries(ctx: Ctx, dokku: string, without?: string): Promise<CrontabEntry[]> {
  const apps = (await ctx.apps.list()).filter((app) => app !== without);
  const schedulers = new Map<string, boolean>();
  const hostCron = async (scheduler: string) => {
    if (!schedulers.has(scheduler)) schedulers.set(scheduler, await usesHostCron(ctx, scheduler));
    return schedulers.get(scheduler)!;
  };
  await hostCron(await schedulerOf(ctx, GLOBAL));
  const entries: CrontabEntry[] = [];
  for (const app of apps) {
    if (!(await hostCron(await schedulerOf(ctx, app)))) continue;
    try {
      for (const task of await appTasks(ctx, app)) if (!task.maintenance) entries.push({ schedule: task.schedule, command: appTaskCommand(dokku, task) });
    } catch (error) {
      // One app's unreadable app.json must not unschedule every other app (Dokku warns too).
      ctx.log.warn(`Skipping the cron tasks of ${app}: ${errorMessage(error)}`);
    }
  }
  const injected = await injectedEntries(ctx, [...schedulers].filter(([, yes]) => yes).map(([name]) => name));
  for (const entry of injected) entries.push({ schedule: entry.schedule, command: injectedCommand(entry) });
  return entries;
}

/**
 * Regenerates the host crontab from scratch and installs it (or removes it when there is
 * nothing to schedule). A host-wide lock keeps two deploys from installing stale copies.
 * `without`: an app being deleted, whose directory is still there.
 */
export async function writeHostCrontab(ctx: Ctx, options: { without?: string } = {}): Promise<void> {
  const lock = await acquireLock(join(ctx.paths.dataDir(CRON), ".crontab.lock"), {
    wait: true,
    command: "cron",
    pid: Number(ctx.env.vars.DOKKU_PID) || process.pid,
    reentrant: true,
    owner: ctx.props.owner,
  });
  try {
    const entries = await crontabEntries(ctx, dokkuCommand(ctx), options.without);
    if (entries.length === 0) return await removeCrontab(ctx);
    const mailfrom = (await ctx.props.get(CRON, GLOBAL, CronProps.mailfrom)) ?? "";
    const mailto = (await ctx.props.get(CRON, GLOBAL, CronProps.mailto)) ?? "";
    const r = await ctx.exec(crontabArgv(ctx, "-"), { input: renderCrontab({ mailfrom, mailto, entries }), check: false });
    if (r.code !== 0) throw new UserError(`Unable to update schedule file: ${(r.stderr || r.stdout).trim()}`);
    ctx.log.step("Updated schedule file");
  } finally {
    await lock.release();
  }
}

async function removeCrontab(ctx: Ctx): Promise<void> {
  let list: [string, ...string[]];
  try {
    list = crontabArgv(ctx, "-l");
  } catch {
    return; // another user's crontab and we are not root: we cannot have written one to remove
  }
  const listed = await ctx.exec(list, { check: false });
  if (listed.code !== 0) return; // no crontab (or no crontab program): nothing to remove
  const r = await ctx.exec(crontabArgv(ctx, "-r"), { check: false });
  if (r.code !== 0) throw new UserError(`Unable to remove schedule file: ${(r.stderr || r.stdout).trim()}`);
  ctx.log.step("Removed");
}

/** The installed crontab's text, or undefined when the user has none. */
export async function readHostCrontab(ctx: Ctx): Promise<string | undefined> {
  const r = await ctx.exec(crontabArgv(ctx, "-l"), { check: false });
  return r.code === 0 ? r.stdout : undefined;
}

/** `crontab [-u USER] ARG`: `-u` only when another user's crontab is meant (root may; others may not). */
function crontabArgv(ctx: Ctx, arg: string): [string, ...string[]] {
  const user = ctx.env.vars[CRONTAB_ENV.user] || ctx.env.systemUser;
  if (user === currentUserName()) return ["crontab", arg];
  if (process.getuid?.() !== 0) throw new UserError(`Unable to update schedule file: the crontab of ${user} can only be written as ${user} or as root`);
  return ["crontab", "-u", user, arg];
}

/** What crontab lines run to reach dokku: a word cron's shell takes as it is. */
function dokkuCommand(ctx: Ctx): string {
  const command = ctx.env.vars[CRONTAB_ENV.command] || "dokku";
  if (!/^[A-Za-z0-9_./-]+$/.test(command)) throw new UserError(`Invalid ${CRONTAB_ENV.command}: ${JSON.stringify(command)} (a command name or an absolute path)`);
  return command;
}
