import { withAppLock } from "../../src/core/app-lock.ts";
import type { Ctx } from "../../src/core/context.ts";
import { GLOBAL } from "../../src/core/props.ts";

/** The operation name `post-config-update` receives. */
export type ConfigOperation = "set" | "unset" | "clear";

/**
 * What follows every config write, after the ENV lock is released: `post-config-update SCOPE OP
 * KEYS...`, then for an app (unless --no-restart) a restart when the app is deployed.
 */
export async function afterChange(ctx: Ctx, scope: string, operation: ConfigOperation, keys: readonly string[], restart: boolean): Promise<void> {
  await ctx.triggers.notify("post-config-update", scope, operation, ...keys);
  if (scope === GLOBAL || !restart) return; // global changes never restart anything
  await restartIfDeployed(ctx, scope, `config:${operation}`);
}

/**
 * Restarts a deployed app through `app-restart` while holding the app lock (waiting mode).
 * dokku-compat: Dokku runs a full `release-and-deploy`; we restart from the same image (DESIGN 3.6).
 */
async function restartIfDeployed(ctx: Ctx, app: string, command: string): Promise<void> {
  if ((await ctx.triggers.query("ps-get-property", app, "deployed")).trim() !== "true") return;
  // dokku-compat: `ps:set APP restore false` also suppresses config restarts.
  if ((await ctx.triggers.query("ps-get-property", app, "restore")).trim() === "false") return;
  ctx.log.step(`Restarting app ${app}`);
  await withAppLock(ctx, app, command, "waiting", () => ctx.triggers.notify("app-restart", app));
}
