import { defineCommand } from "../../src/core/plugin.ts";
import { appArg, formatArg } from "../../src/cli/shared-args.ts";
import { parseAppName, parseNewAppName } from "../../src/core/apps.ts";
import { UserError } from "../../src/core/errors.ts";
import { confirmDestroy, createApp, destroyLocked } from "./lifecycle.ts";

export const appsCreate = defineCommand({
  name: "apps:create",
  description: "Create a new app",
  args: appArg,
  async run(ctx, args) {
    await createApp(ctx, parseNewAppName(args.app));
  },
});

export const appsDestroy = defineCommand({
  name: "apps:destroy",
  description: "Permanently destroy an app",
  args: { ...appArg, force: { type: "boolean", description: "Skip the confirmation prompt" } },
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    if (!(ctx.flags.force || args.force)) await confirmDestroy(ctx, "app", app);
    await destroyLocked(ctx, app);
  },
});

export const appsList = defineCommand({
  name: "apps:list",
  description: "List your apps",
  args: formatArg,
  async run(ctx, args) {
    const format = args.format ?? "stdout";
    if (format !== "stdout" && format !== "json") throw new UserError(`Invalid --format value specified: ${format}`);
    const apps = await visibleApps(ctx);
    if (format === "json") return void ctx.log.data(JSON.stringify(apps));
    if (apps.length === 0) return void ctx.log.warn("You haven't deployed any applications yet");
    ctx.log.header("My Apps");
    if (apps.length > 0) ctx.log.data(apps.join("\n"));
  },
});

/** Apps the caller may see: all of them, filtered through `user-auth-app` when a plugin implements it. */
async function visibleApps(ctx: Parameters<typeof appsList.run>[0]): Promise<string[]> {
  const apps = await ctx.apps.list();
  if (apps.length === 0 || !(await ctx.triggers.exists("user-auth-app"))) return apps;
  const allowed = await ctx.triggers.query("user-auth-app", ctx.caller.user, ctx.caller.name, ...apps);
  const keep = new Set(allowed.split("\n").map((l) => l.trim()).filter(Boolean));
  return apps.filter((app) => keep.has(app));
}

export const appsExists = defineCommand({
  name: "apps:exists",
  description: "Checks if an app exists",
  args: appArg,
  async run(ctx, args) {
    const app = parseAppName(args.app);
    if (!(await ctx.apps.exists(app))) throw new UserError(`App ${app} does not exist`, { exitCode: 20 });
    ctx.log.detail(`App ${app} exists`);
  },
});
