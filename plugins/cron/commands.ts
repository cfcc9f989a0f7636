import { appArg, formatArg, globalArg } from "../../src/cli/shared-args.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { setPropertyCommand } from "../../src/core/property-command.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { appTasks, injectedEntries, schedulerOf } from "./host-crontab.ts";
import { injectedTask } from "./crontab.ts";
import { CRON, CronProps, MAINTENANCE_PREFIX, SETTABLE } from "./schema.ts";
import type { CronTask } from "./tasks.ts";

export const cronList = defineCommand({
  name: "cron:list",
  description: "List scheduled cron tasks for an app",
  usage: "<app>|--global [--format json|stdout]",
  args: { ...appArg, ...globalArg, ...formatArg },
  async run(ctx, args) {
    const format = args.format ?? "stdout";
    // dokku-compat: Dokku's wording.
    if (format !== "stdout" && format !== "json") throw new UserError("Invalid format specified, supported formats: json, stdout");
    const tasks = args.global ? (await injectedEntries(ctx, ["docker-local"])).map(injectedTask) : await appTasks(ctx, await ctx.apps.verify(args.app));
    if (format === "json") return void ctx.log.data(JSON.stringify(tasks));
    ctx.log.data(columns([["ID", "Schedule", "Maintenance", "Command"], ...tasks.map((t) => [t.id, t.schedule, maintenanceText(t), t.command])]));
  },
});

/** `false`, or why the task does not run: `true (task)` (cron:suspend, app.json) or `true (app)` (cron:set maintenance). */
function maintenanceText(task: CronTask): string {
  if (!task.maintenance) return "false";
  return task["task-in-maintenance"] ? "true (task)" : "true (app)";
}

/** columnize's SimpleFormat: every column but the last padded to its widest cell, two blanks between. */
export function columns(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ").trimEnd()).join("\n");
}

export const cronSet = defineCommand({
  name: "cron:set",
  description: "Set or clear a cron property for an app",
  usage: "[--global|<app>] <key> [<value>]",
  args: { ...appArg, ...globalArg },
  async run(ctx, args) {
    const positionals = args._.map(String);
    const scope = args.global ? GLOBAL : await ctx.apps.verify(positionals[0]);
    const [key = "", value = ""] = args.global ? positionals : positionals.slice(1);
    await setCronProperty(ctx, scope, key, value);
  },
});

export const cronSuspend = defineCommand({
  name: "cron:suspend",
  description: "Suspend a cron task",
  usage: "<app> <cron_id>",
  args: appArg,
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    await setCronProperty(ctx, app, `${MAINTENANCE_PREFIX}${args._[1] ?? ""}`, "true");
  },
});

export const cronResume = defineCommand({
  name: "cron:resume",
  description: "Resume a cron task",
  usage: "<app> <cron_id>",
  args: appArg,
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    await setCronProperty(ctx, app, `${MAINTENANCE_PREFIX}${args._[1] ?? ""}`, "");
  },
});

/**
 * Dokku's cron CommandSet: the property is written, then `scheduler-cron-write` regenerates the
 * crontab, so a suspended task is gone from it before the command returns.
 */
async function setCronProperty(ctx: Ctx, scope: string, key: string, value: string): Promise<void> {
  const keys: string[] = [...SETTABLE.keys];
  if (key.startsWith(MAINTENANCE_PREFIX)) {
    // dokku-compat: Dokku's messages.
    if (scope === GLOBAL) throw new UserError("Task maintenance properties cannot be set globally");
    const id = key.slice(MAINTENANCE_PREFIX.length);
    if (id === "") throw new UserError("Invalid task maintenance property, missing ID");
    if (!(await appTasks(ctx, scope)).some((task) => task.id === id)) throw new UserError(`Invalid task maintenance property, no matching task ID found: ${key}`);
    keys.push(key);
  } else if (scope !== GLOBAL && (key === CronProps.mailto || key === CronProps.mailfrom)) {
    throw new UserError("Property cannot be specified on a per-app basis");
  }
  checkValue(key, value);
  await setPropertyCommand(ctx, CRON, scope === GLOBAL ? [key, value] : [scope, key, value], scope === GLOBAL, { keys, global: SETTABLE.global });
  await ctx.triggers.notify("scheduler-cron-write", await schedulerOf(ctx, scope), scope === GLOBAL ? undefined : scope);
}

/** Values end up in the crontab: nothing that could start a new line or need quoting there. */
function checkValue(key: string, value: string): void {
  if (value === "") return;
  const maintenance = key === CronProps.maintenance || key.startsWith(MAINTENANCE_PREFIX);
  if (maintenance && value !== "true" && value !== "false") throw new UserError(`Invalid value for ${key}: ${JSON.stringify(value)} (expected true or false)`);
  if (!maintenance && !/^[^\s"'\\\x00-\x1f\x7f]+$/.test(value)) throw new UserError(`Invalid value for ${key}: ${JSON.stringify(value)} (an address without blanks or quotes)`);
}
