import { withAppLock } from "../../src/core/app-lock.ts";
import type { Ctx } from "../../src/core/context.ts";
import { deployApp, isDeployed, psProperty, schedulerOf } from "./state.ts";

/**
 * `ps:start` (reference 7.6): an app that is not fully running is rolled out again from its
 * current release; then the proxy config is rebuilt from the live containers.
 */
export async function startApp(ctx: Ctx, app: string): Promise<void> {
  if (!(await isDeployed(ctx, app))) return void ctx.log.warn(`App ${app} has not been deployed`);
  await ctx.triggers.notify("pre-start", app);
  const status = await appStatus(ctx, app);
  if (status === "true") {
    ctx.log.warn(`App ${app} already running`);
  } else {
    ctx.log.step(status === "mixed" ? "App is running in mixed mode, releasing" : "App has been detected as not running, releasing");
    await withAppLock(ctx, app, "ps:start", "waiting", () => deployApp(ctx, app));
  }
  await ctx.triggers.notify("proxy-build-config", app);
}

/** `ps:stop`: the scheduler stops every container; the app then stays down at boot. */
export async function stopApp(ctx: Ctx, app: string): Promise<void> {
  await withAppLock(ctx, app, "ps:stop", "waiting", async () => {
    ctx.log.step(`Stopping ${app}`);
    await ctx.triggers.notify("scheduler-stop", await schedulerOf(ctx, app), app, "false");
    await ctx.triggers.notify("post-stop", app);
  });
}

/** `ps:restart [TYPE]`: a zero-downtime rollout of the current release (no rebuild). */
export async function restartApp(ctx: Ctx, app: string, procType?: string): Promise<void> {
  if (!(await isDeployed(ctx, app))) return void ctx.log.warn(`App ${app} has not been deployed`);
  await withAppLock(ctx, app, "ps:restart", "waiting", () => deployApp(ctx, app, procType));
}

/** `ps:restore` for one app: skipped when never deployed or stopped on purpose. */
export async function restoreApp(ctx: Ctx, app: string): Promise<void> {
  if (!(await isDeployed(ctx, app))) return void ctx.log.step(`Skipping ps:restore for ${app} as it has not been deployed`);
  if ((await psProperty(ctx, app, "restore")) === "false") {
    return void ctx.log.step(`Skipping ps:restore for ${app} as restore property is false`);
  }
  ctx.log.step(`Restoring app ${app}`);
  await startApp(ctx, app);
}

/** `<count> <true|false|mixed>` from the scheduler; "false" when it says nothing. */
async function appStatus(ctx: Ctx, app: string): Promise<string> {
  const text = (await ctx.triggers.query("scheduler-app-status", await schedulerOf(ctx, app), app)).trim();
  return text.split(/\s+/)[1] ?? "false";
}
