import type { Ctx } from "../../src/core/context.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { defineReportCommand } from "../../src/core/report-command.ts";
import { CHECKS, ChecksProps, SETTABLE_KEYS } from "./schema.ts";
import { computedNumber } from "./settings.ts";

/**
 * `checks:report [APP|--global] [--format json] [--flag]`: Dokku's flags (`--checks-disabled-list`,
 * `--checks-skipped-list`, and the app/global/computed `wait-to-retire`), plus the same three
 * forms for the other documented settings (`attempts`, `default-wait`, `timeout`, `wait`).
 */
async function appValues(ctx: Ctx, app: string): Promise<Record<string, string>> {
  const values: Record<string, string> = {
    "--checks-disabled-list": (await ctx.props.get(CHECKS, app, ChecksProps.disabled)) || "none",
    "--checks-skipped-list": (await ctx.props.get(CHECKS, app, ChecksProps.skipped)) || "none",
  };
  for (const key of SETTABLE_KEYS) {
    values[`--checks-${key}`] = (await ctx.props.get(CHECKS, app, key)) ?? "";
    values[`--checks-global-${key}`] = (await ctx.props.get(CHECKS, GLOBAL, key)) ?? "";
    values[`--checks-computed-${key}`] = String(await computedNumber(ctx, app, key));
  }
  return values;
}

async function globalValues(ctx: Ctx): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const key of SETTABLE_KEYS) {
    values[`--checks-global-${key}`] = (await ctx.props.get(CHECKS, GLOBAL, key)) ?? "";
    values[`--checks-computed-${key}`] = String(await computedNumber(ctx, GLOBAL, key));
  }
  return values;
}

export const checksReport = defineReportCommand({ plugin: CHECKS, values: appValues, globalValues });
