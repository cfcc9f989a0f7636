import { cp, mkdir, rm } from "node:fs/promises";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { APPS, AppsProps } from "./schema.ts";

/** Creates the app directory and its created-at stamp, then fires `post-create`. */
export async function createApp(ctx: Ctx, app: string): Promise<void> {
  if (await ctx.apps.exists(app)) throw new UserError("Name is already taken");
  ctx.log.step(`Creating ${app}...`);
  try {
    await mkdir(ctx.paths.appDir(app), { mode: 0o755 });
  } catch (error) {
    if ((error as { code?: string }).code === "EEXIST") throw new UserError("Name is already taken");
    throw error;
  }
  await ctx.props.set(APPS, app, AppsProps.createdAt, String(Math.floor(Date.now() / 1000)));
  await ctx.triggers.notify("post-create", app);
}

/** Everything `apps:destroy` does after confirmation: triggers, then the app's files. */
export async function destroyApp(ctx: Ctx, app: string): Promise<void> {
  ctx.log.step(`Destroying ${app} (including all add-ons)`);
  const tag = "latest";
  await ctx.triggers.notify("pre-delete", app, tag);
  const scheduler = (await ctx.triggers.query("scheduler-detect", app)).trim() || "docker-local";
  await ctx.triggers.notify("scheduler-stop", scheduler, app, "true");
  await ctx.triggers.notify("scheduler-post-delete", scheduler, app, tag);
  await ctx.triggers.notify("post-delete", app, tag);
  await rm(ctx.paths.appDir(app), { recursive: true, force: true });
  await rm(ctx.paths.dataDir(APPS, app), { recursive: true, force: true });
}

/** Copies the app directory's files (repo and state files) from one app to another. */
export async function copyAppDir(ctx: Ctx, from: string, to: string): Promise<void> {
  await cp(ctx.paths.appDir(from), ctx.paths.appDir(to), { recursive: true, force: true, verbatimSymlinks: true });
}

/** Reads one word from stdin after Dokku's destructive-action warning. */
export async function confirmDestroy(ctx: Ctx, kind: string, name: string): Promise<void> {
  // dokku-compat: Dokku's confirmation prompt and messages.
  ctx.log.warn("WARNING: Potentially Destructive Action");
  ctx.log.warn(`This command will destroy ${kind} ${name}.`);
  ctx.log.warn(`To proceed, type "${name}"`);
  ctx.io.stdout.write("> ");
  const answer = (await ctx.io.readLine()).trim().split(/\s+/)[0] ?? "";
  ctx.io.stdout.write("\n");
  if (answer !== name) throw new UserError("Confirmation did not match test. Aborted.");
}
