import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { defineSetCommand } from "../../src/core/property-command.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { defineReportCommand } from "../../src/core/report-command.ts";
import { computedAllowed } from "./detect.ts";
import { BUILDER_HEROKUISH, HerokuishProps, SETTABLE } from "./schema.ts";

export const builderHerokuishSet = defineSetCommand({
  plugin: BUILDER_HEROKUISH,
  description: "Set or clear a builder-herokuish property for an app",
  settable: SETTABLE,
  validate(key, value) {
    if (key === HerokuishProps.allowed && value !== "true" && value !== "false") throw new UserError("Invalid value for allowed, must be true or false");
  },
});

export const builderHerokuishReport = defineReportCommand({
  plugin: "builder-herokuish",
  values: reportValues,
  globalValues: (ctx) => reportValues(ctx, GLOBAL),
});


async function reportValues(ctx: Ctx, scope: string): Promise<Record<string, string>> {
  const values: Record<string, string> = {
    "--builder-herokuish-computed-allowed": await computedAllowed(ctx, scope),
    "--builder-herokuish-global-allowed": (await ctx.props.get(BUILDER_HEROKUISH, GLOBAL, HerokuishProps.allowed)) ?? "",
  };
  if (scope !== GLOBAL) values["--builder-herokuish-allowed"] = (await ctx.props.get(BUILDER_HEROKUISH, scope, HerokuishProps.allowed)) ?? "";
  return values;
}
