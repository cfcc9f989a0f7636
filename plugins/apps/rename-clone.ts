import { withAppLock } from "../../src/core/app-lock.ts";
import { parseNewAppName } from "../../src/core/apps.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { copyAppDir, createApp, destroyApp } from "./lifecycle.ts";

const twoApps = {
  "old-app": { type: "positional", description: "Existing app", required: false },
  "new-app": { type: "positional", description: "New app name", required: false },
  "skip-deploy": { type: "boolean", description: "Do not rebuild the new app" },
} as const;

export const appsRename = defineCommand({
  name: "apps:rename",
  description: "Rename an app",
  args: twoApps,
  async run(ctx, args) {
    const [from, to] = await twoNames(ctx, args);
    if (await ctx.apps.exists(to)) throw new UserError("Name is already taken");
    await withAppLock(ctx, from, "apps:rename", "exclusive", async () => {
      ctx.log.step(`Renaming ${from} to ${to}`);
      await createApp(ctx, to);
      await copyAppDir(ctx, from, to);
      await ctx.triggers.notify("post-app-rename-setup", from, to);
      await destroyApp(ctx, from);
    });
    if (!args["skip-deploy"] && (await hasCode(ctx, to))) await ctx.triggers.notify("post-app-rename", from, to);
  },
});

export const appsClone = defineCommand({
  name: "apps:clone",
  description: "Clones an app",
  args: { ...twoApps, "ignore-existing": { type: "boolean", description: "Exit 0 when the new app already exists" } },
  async run(ctx, args) {
    const [from, to] = await twoNames(ctx, args);
    if (await ctx.apps.exists(to)) {
      if (!args["ignore-existing"]) throw new UserError("Name is already taken");
      ctx.log.warn("Name is already taken");
      return;
    }
    await withAppLock(ctx, from, "apps:clone", "waiting", async () => {
      ctx.log.step(`Cloning ${from} to ${to}`);
      await createApp(ctx, to);
      await copyAppDir(ctx, from, to);
      await ctx.triggers.notify("post-app-clone-setup", from, to);
    });
    if (!args["skip-deploy"] && (await hasCode(ctx, to))) await ctx.triggers.notify("post-app-clone", from, to);
  },
});

/** Dokku's order: both names present, the old app exists, the new name is valid. */
async function twoNames(ctx: Ctx, args: { "old-app"?: string; "new-app"?: string }): Promise<[string, string]> {
  if (!args["old-app"]) throw new UserError("Please specify an app to run the command on");
  // dokku-compat: Dokku's wording, "an new" included.
  if (!args["new-app"]) throw new UserError("Please specify an new app name");
  return [await ctx.apps.verify(args["old-app"]), parseNewAppName(args["new-app"])];
}

/** `git-has-code` answers "true" when a plugin knows the app has source to rebuild. */
async function hasCode(ctx: Ctx, app: string): Promise<boolean> {
  return (await ctx.triggers.query("git-has-code", app)).trim() === "true";
}

