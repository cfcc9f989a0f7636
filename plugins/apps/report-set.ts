import { appArg, globalArg } from "../../src/cli/shared-args.ts";
import { GLOBAL } from "../../src/core/props.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { isStale, readHolder } from "../../src/core/lock.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { defineReportCommand } from "../../src/core/report-command.ts";
import { APPS, AppsProps, SETTABLE } from "./schema.ts";

export const appsReport = defineReportCommand({
  plugin: "apps",
  type: "app",
  description: "Displays an app report for one or more apps",
  values: appValues,
  globalValues: async (ctx) => ({ "--app-global-disable-autocreation": await globalDisableAutocreation(ctx) }),
});

async function globalDisableAutocreation(ctx: Ctx): Promise<string> {
  return (await ctx.props.get(APPS, GLOBAL, AppsProps.disableAutocreation)) ?? "";
}

async function appValues(ctx: Ctx, app: string): Promise<Record<string, string>> {
  const holder = await readHolder(ctx.paths.deployLock(app));
  return {
    "--app-created-at": (await ctx.props.get(APPS, app, AppsProps.createdAt)) ?? "",
    "--app-deploy-source": (await ctx.props.get(APPS, app, AppsProps.deploySource)) ?? "",
    "--app-deploy-source-metadata": (await ctx.props.get(APPS, app, AppsProps.deploySourceMetadata)) ?? "",
    "--app-dir": ctx.paths.appDir(app),
    "--app-locked": String(holder !== "absent" && !isStale(holder)),
    "--app-global-disable-autocreation": await globalDisableAutocreation(ctx),
  };
}

export const appsSet = defineCommand({
  name: "apps:set",
  description: "Set or clear an apps property for an app",
  usage: "<app>|--global <key> [<value>]",
  args: { ...appArg, ...globalArg },
  async run(ctx, args) {
    const rest = args._.map(String);
    const scope = args.global ? GLOBAL : await ctx.apps.verify(rest.shift());
    const [key, value = ""] = rest;
    if (!key) throw new UserError("No property specified");
    const kind = SETTABLE[key];
    if (!kind) throw new UserError(`Invalid property specified, valid properties include: ${Object.keys(SETTABLE).join(", ")}`);
    if (kind === "global" && scope !== GLOBAL) throw new UserError("Property can only be specified globally");
    if (kind === "app" && scope === GLOBAL) throw new UserError("Property cannot be specified globally");
    if (key === "disable-autocreation" && value !== "" && value !== "true" && value !== "false") {
      throw new UserError("Invalid value for disable-autocreation, must be true or false");
    }
    if (value === "") {
      ctx.log.header(`Unsetting ${key}`);
      await ctx.props.del(APPS, scope, key);
    } else {
      ctx.log.header(`Setting ${key} to ${value}`);
      await ctx.props.set(APPS, scope, key, value);
    }
  },
});
