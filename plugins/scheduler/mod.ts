import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { definePlugin, type TriggerHandler } from "../../src/core/plugin.ts";
import { defineSetCommand } from "../../src/core/property-command.ts";
import { propertyLifecycle } from "../../src/core/property-lifecycle.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { defineReportCommand } from "../../src/core/report-command.ts";
import { DEFAULT_SCHEDULER, SCHEDULER, SCHEDULER_NAME, SETTABLE, SchedulerProps } from "./schema.ts";

/** The app's scheduler: app `selected`, else global, else docker-local. */
async function computed(ctx: Ctx, scope: string): Promise<string> {
  if (scope !== GLOBAL) {
    const own = await ctx.props.get(SCHEDULER, scope, SchedulerProps.selected);
    if (own) return own;
  }
  return (await ctx.props.get(SCHEDULER, GLOBAL, SchedulerProps.selected)) || DEFAULT_SCHEDULER;
}

/** `scheduler-detect APP|--global`. */
const onSchedulerDetect: TriggerHandler<"scheduler-detect"> = async (ctx, [scope = GLOBAL]) => `${await computed(ctx, scope)}\n`;

const schedulerSet = defineSetCommand({
  plugin: SCHEDULER,
  description: "Set or clear a scheduler property for an app",
  settable: SETTABLE,
  validate(key, value) {
    if (key === SchedulerProps.selected && !SCHEDULER_NAME.test(value)) throw new UserError(`Invalid scheduler name: ${value}`);
  },
});

/** `global-`: the stored value, empty when unset; `computed-`: the scheduler an app of this scope gets. */
async function scopeValues(ctx: Ctx, scope: string): Promise<Record<string, string>> {
  return {
    "--scheduler-computed-selected": await computed(ctx, scope),
    "--scheduler-global-selected": (await ctx.props.get(SCHEDULER, GLOBAL, SchedulerProps.selected)) ?? "",
  };
}

const schedulerReport = defineReportCommand({
  plugin: SCHEDULER,
  values: async (ctx, app) => ({
    ...(await scopeValues(ctx, app)),
    "--scheduler-selected": (await ctx.props.get(SCHEDULER, app, SchedulerProps.selected)) ?? "",
  }),
  globalValues: (ctx) => scopeValues(ctx, GLOBAL),
});

export const plugin = definePlugin({
  name: "scheduler",
  description: "Manage scheduler settings for an app",
  commands: [schedulerReport, schedulerSet],
  triggers: { ...propertyLifecycle(SCHEDULER), "scheduler-detect": onSchedulerDetect },
});
