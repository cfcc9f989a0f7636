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
    const from = await ctx.apps.verify(args["old-app"]);
    const to = await newName(ctx, args["new-app"]);
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
    const from = await ctx.apps.verify(args["old-app"]);
    const to = parseNewAppName(args["new-app"]);
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

async function newName(ctx: Ctx, name: unknown): Promise<string> {
  const app = parseNewAppName(name);
  if (await ctx.apps.exists(app)) throw new UserError("Name is already taken");
  return app;
}

/** `git-has-code` answers "true" when a plugin knows the app has source to rebuild. */
async function hasCode(ctx: Ctx, app: string): Promise<boolean> {
  return (await ctx.triggers.query("git-has-code", app)).trim() === "true";
}

