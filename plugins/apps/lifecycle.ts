import { constants } from "node:fs";
import { access, chown, cp, mkdir } from "node:fs/promises";
import type { Ctx } from "../../src/core/context.ts";
import { deployLockHeld, lockApp } from "../../src/core/app-lock.ts";
import { PermissionError, UserError, permissionFailure } from "../../src/core/errors.ts";
import { type LockHandle, isStale, readHolder } from "../../src/core/lock.ts";
import { chownTree, ensureDir } from "../../src/core/fs-atomic.ts";
import { removeTree, warnMovedAside } from "../../src/core/remove-tree.ts";
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
  if (ctx.props.owner) await chown(ctx.paths.appDir(app), ctx.props.owner.uid, ctx.props.owner.gid);
  await ensureDataDir(ctx, ctx.paths.dataDir(APPS, app));
  await ctx.props.set(APPS, app, AppsProps.createdAt, String(Math.floor(Date.now() / 1000)));
  await ctx.triggers.notify("post-create", app);
}

/**
 * Dokku's post-create makes `LIB/data/apps/APP` (the deploy lock's home) up front, owned by the
 * dokku user. One made later by someone else (root's `mkdir -p`) may not be writable: say so now.
 */
async function ensureDataDir(ctx: Ctx, dir: string): Promise<void> {
  await ensureDir(dir, { owner: ctx.props.owner });
  if (!(await access(dir, constants.W_OK).then(() => true, () => false))) {
    ctx.log.warn(`${dir} is not writable: locks and deploys of this app will fail`);
    ctx.log.warn(`As root, run: chown -R ${ctx.env.systemUser}:${ctx.env.systemGroup} ${dir}`);
  }
}

/**
 * `apps:destroy` under the app's lock. When the lock's directory refuses us (root made it), no
 * other process running as this user can hold the lock either: unless a lock file there names a
 * live holder, destroying goes ahead without it, which also removes that directory.
 */
export async function destroyLocked(ctx: Ctx, app: string): Promise<void> {
  let handle: LockHandle;
  try {
    handle = await lockApp(ctx, app, "apps:destroy", "exclusive");
  } catch (error) {
    if (!(error instanceof PermissionError)) throw error;
    const holder = await readHolder(ctx.paths.deployLock(app)).catch(() => "absent" as const);
    if (holder !== "absent" && !isStale(holder)) throw deployLockHeld(app);
    ctx.log.warn(`${error.message}: destroying ${app} without it`);
    return destroyApp(ctx, app);
  }
  try {
    await destroyApp(ctx, app);
  } finally {
    await handle.release();
  }
}

/** Everything `apps:destroy` does after confirmation: triggers, then the app's files. */
export async function destroyApp(ctx: Ctx, app: string): Promise<void> {
  ctx.log.step(`Destroying ${app} (including all add-ons)`);
  const tag = "latest";
  const problems: { message: string; target: string }[] = [];
  // A file a plugin cannot delete (permission) must not keep the app alive: note it, go on.
  const tolerant = async (run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      const denied = permissionFailure(error);
      if (!denied) throw error;
      problems.push(denied);
    }
  };
  await tolerant(() => ctx.triggers.notify("pre-delete", app, tag));
  const scheduler = (await ctx.triggers.query("scheduler-detect", app)).trim() || "docker-local";
  await ctx.triggers.notify("scheduler-stop", scheduler, app, "true");
  await tolerant(() => ctx.triggers.notify("scheduler-post-delete", scheduler, app, tag));
  await tolerant(() => ctx.triggers.notify("post-delete", app, tag));
  for (const dir of [ctx.paths.appDir(app), ctx.paths.dataDir(APPS, app)]) {
    await tolerant(async () => warnMovedAside(ctx.log, dir, await removeTree(dir)));
  }
  for (const { message, target } of problems) {
    ctx.log.warn(message);
    ctx.log.warn(`As root, delete what is left: rm -rf ${target}`);
  }
}

/** Copies the app directory's files (repo and state files) from one app to another. */
export async function copyAppDir(ctx: Ctx, from: string, to: string): Promise<void> {
  await cp(ctx.paths.appDir(from), ctx.paths.appDir(to), { recursive: true, force: true, verbatimSymlinks: true });
  await chownTree(ctx.paths.appDir(to), ctx.props.owner);
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
