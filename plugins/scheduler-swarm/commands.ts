import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { defineSetCommand } from "../../src/core/property-command.ts";
import { GLOBAL } from "../../src/core/props.ts";
import type { ReportValues } from "../../src/core/report.ts";
import { defineReportCommand } from "../../src/core/report-command.ts";
import { SCHEDULER_SWARM, SETTABLE, SETTINGS, SETTING_KEYS, type SettingKey } from "./schema.ts";
import { invalidSetting } from "./values.ts";

/** A setting for an app: its own value, else the global one, else the default. */
export async function setting(ctx: Ctx, scope: string, key: SettingKey): Promise<string> {
  if (scope !== GLOBAL) {
    const own = (await ctx.props.get(SCHEDULER_SWARM, scope, key))?.trim();
    if (own) return own;
  }
  return (await ctx.props.get(SCHEDULER_SWARM, GLOBAL, key))?.trim() || SETTINGS[key];
}

export const swarmSet = defineSetCommand({
  plugin: SCHEDULER_SWARM,
  description: "Set or clear a swarm scheduler property for an app",
  settable: SETTABLE,
  appFirst: true,
  validate(key, value) {
    const problem = SETTING_KEYS.includes(key as SettingKey) ? invalidSetting(key as SettingKey, value) : undefined;
    if (problem) throw new UserError(problem);
  },
});

async function scopeValues(ctx: Ctx, scope: string): Promise<ReportValues> {
  const values: Record<string, string> = {};
  for (const key of SETTING_KEYS) {
    values[`--${SCHEDULER_SWARM}-computed-${key}`] = await setting(ctx, scope, key);
    values[`--${SCHEDULER_SWARM}-global-${key}`] = (await ctx.props.get(SCHEDULER_SWARM, GLOBAL, key))?.trim() ?? "";
  }
  return values;
}

export const swarmReport = defineReportCommand({
  plugin: SCHEDULER_SWARM,
  async values(ctx, app) {
    const values: Record<string, string> = { ...(await scopeValues(ctx, app)) };
    for (const key of SETTING_KEYS) values[`--${SCHEDULER_SWARM}-${key}`] = (await ctx.props.get(SCHEDULER_SWARM, app, key))?.trim() ?? "";
    return values;
  },
  globalValues: (ctx) => scopeValues(ctx, GLOBAL),
});
