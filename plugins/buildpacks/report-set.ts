import { appArg, globalArg } from "../../src/cli/shared-args.ts";
import type { Ctx } from "../../src/core/context.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { setPropertyCommand } from "../../src/core/property-command.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { defineReportCommand } from "../../src/core/report-command.ts";
import { BUILDPACKS, BuildpacksProps, SETTABLE } from "./schema.ts";
import { stackName } from "./triggers.ts";

export const buildpacksSetProperty = defineCommand({
  name: "buildpacks:set-property",
  description: "Set or clear a buildpacks property for an app",
  usage: "[--global|<app>] <key> <value>",
  args: { ...globalArg, ...appArg },
  async run(ctx, args) {
    const positionals = args._.map(String);
    const old = args.global ? undefined : await ctx.props.get(BUILDPACKS, await ctx.apps.verify(positionals[0]), BuildpacksProps.stack);
    const { scope, key, value } = await setPropertyCommand(ctx, BUILDPACKS, positionals, Boolean(args.global), SETTABLE);
    if (key !== BuildpacksProps.stack || (scope !== GLOBAL && (old ?? "") === value)) return;
    for (const app of scope === GLOBAL ? await ctx.apps.list() : [scope]) await ctx.triggers.notify("post-stack-set", app, value);
  },
});

export const buildpacksReport = defineReportCommand({
  plugin: "buildpacks",
  description: "Displays a buildpack report for one or more apps",
  values: reportValues,
  globalValues: async (ctx) => {
    const global = await globalStack(ctx);
    return { "--buildpacks-computed-stack": global || ctx.env.image, "--buildpacks-global-stack": global };
  },
});

async function globalStack(ctx: Ctx): Promise<string> {
  return (await ctx.props.get(BUILDPACKS, GLOBAL, BuildpacksProps.stack)) ?? "";
}


async function reportValues(ctx: Ctx, app: string): Promise<Record<string, string>> {
  return {
    "--buildpacks-computed-stack": (await stackName(ctx, app)) || ctx.env.image,
    "--buildpacks-global-stack": await globalStack(ctx),
    "--buildpacks-list": (await ctx.props.lrange(BUILDPACKS, app, BuildpacksProps.list)).join(","),
    "--buildpacks-stack": (await ctx.props.get(BUILDPACKS, app, BuildpacksProps.stack)) ?? "",
  };
}
