import type { Ctx } from "../../src/core/context.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { defineReportCommand } from "../../src/core/report-command.ts";
import { appTasks, computedMaintenance } from "./host-crontab.ts";
import { CRON, CronProps, MAINTENANCE_PREFIX } from "./schema.ts";

/** The global values and what an app gets from them (mailfrom/mailto exist only globally). */
async function globalValues(ctx: Ctx): Promise<Record<string, string>> {
  const global = async (key: string) => (await ctx.props.get(CRON, GLOBAL, key)) ?? "";
  return {
    "--cron-computed-mailfrom": await global(CronProps.mailfrom),
    "--cron-computed-mailto": await global(CronProps.mailto),
    "--cron-computed-maintenance": await computedMaintenance(ctx, GLOBAL),
    "--cron-global-mailfrom": await global(CronProps.mailfrom),
    "--cron-global-mailto": await global(CronProps.mailto),
    "--cron-global-maintenance": await global(CronProps.maintenance),
  };
}

/** `cron:report [APP|--global] [--format json] [--flag]`; suspended tasks add `--cron-maintenance-<id>`. */
export const cronReport = defineReportCommand({
  plugin: CRON,
  values: async (ctx, app) => {
    const values: Record<string, string> = {
      ...(await globalValues(ctx)),
      "--cron-computed-maintenance": await computedMaintenance(ctx, app),
      "--cron-maintenance": (await ctx.props.get(CRON, app, CronProps.maintenance)) ?? "",
      // dokku-compat: a count that cannot be computed (broken app.json) reports 0, as Dokku's does.
      "--cron-task-count": String((await appTasks(ctx, app).catch(() => [])).length),
    };
    for (const [key, value] of Object.entries(await ctx.props.getAll(CRON, app))) {
      if (key.startsWith(MAINTENANCE_PREFIX)) values[`--cron-maintenance-${key.slice(MAINTENANCE_PREFIX.length)}`] = value;
    }
    return values;
  },
  globalValues,
});
