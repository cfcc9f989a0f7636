import { appArg, globalArg } from "../../src/cli/shared-args.ts";
import { UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { setPropertyCommand } from "../../src/core/property-command.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { defineReportCommand } from "../../src/core/report-command.ts";
import { invalidValue } from "./names.ts";
import { globalReport, appReport } from "./report.ts";
import { REGISTRY, SETTABLE } from "./schema.ts";

export const registrySet = defineCommand({
  name: "registry:set",
  description: "Set or clear a registry property for an app",
  usage: "<app>|--global <key> [<value>]",
  args: { ...appArg, ...globalArg },
  async run(ctx, args) {
    const positionals = args._.map(String);
    if (!args.global) await ctx.apps.verify(positionals[0]);
    const [key = "", value = ""] = args.global ? positionals : positionals.slice(1);
    // Key and scope errors first (setPropertyCommand's wording), then the value.
    const allowed: readonly string[] = args.global ? SETTABLE.global : SETTABLE.keys;
    const problem = value === "" || !allowed.includes(key) ? undefined : invalidValue(key, value);
    if (problem) throw new UserError(problem);
    await setPropertyCommand(ctx, REGISTRY, positionals, Boolean(args.global), SETTABLE);
  },
});

export const registryReport = defineReportCommand({
  plugin: REGISTRY,
  values: appReport,
  globalValues: (ctx) => globalReport(ctx, GLOBAL),
});
