import { rm } from "node:fs/promises";
import { appArg } from "../../src/cli/shared-args.ts";
import { UserError } from "../../src/core/errors.ts";
import { LockBusyError, acquireLock, isStale, readHolder } from "../../src/core/lock.ts";
import { defineCommand } from "../../src/core/plugin.ts";

export const appsLock = defineCommand({
  name: "apps:lock",
  description: "Locks an app for deployment",
  args: appArg,
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    try {
      // pid 0: a manual lock never goes stale; it blocks deploys until apps:unlock.
      await acquireLock(ctx.paths.deployLock(app), { wait: false, command: "apps:lock", pid: 0, empty: "manual", owner: ctx.props.owner });
    } catch (error) {
      if (error instanceof LockBusyError) throw new UserError(`${app} is already locked`);
      throw error;
    }
    ctx.log.step("Deploy lock created");
  },
});

export const appsUnlock = defineCommand({
  name: "apps:unlock",
  description: "Unlocks an app for deployment",
  args: appArg,
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    const file = ctx.paths.deployLock(app);
    const holder = await readHolder(file);
    if (holder === "absent") throw new UserError("Deploy lock does not exist");
    if (holder && holder.pid !== 0 && !isStale(holder)) {
      // dokku-compat: Dokku's warning when a deploy may still be running.
      ctx.log.warn("A deploy may be in progress.");
      ctx.log.warn("Removing the app lock will not stop in progress deploys.");
    }
    await rm(file, { force: true });
    ctx.log.step("Deploy lock removed.");
  },
});

export const appsLocked = defineCommand({
  name: "apps:locked",
  description: "Checks if an app is locked for deployment",
  args: appArg,
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    const holder = await readHolder(ctx.paths.deployLock(app));
    // A lock left by a killed process does not count: the next operation recovers it.
    if (holder === "absent" || isStale(holder)) throw new UserError("Deploy lock does not exist");
    ctx.log.step("Deploy lock exists");
  },
});
