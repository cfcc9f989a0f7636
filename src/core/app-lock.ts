import type { Ctx } from "./context.ts";
import { UserError } from "./errors.ts";
import { LockBusyError, acquireLock, type LockHandle } from "./lock.ts";

/**
 * The app's deploy lock (`LIB/data/apps/APP/.deploy.lock`), taken by every mutating operation.
 * `exclusive` fails at once with Dokku's message; `waiting` polls until the holder finishes.
 */
export async function lockApp(ctx: Ctx, app: string, command: string, mode: "exclusive" | "waiting"): Promise<LockHandle> {
  try {
    return await acquireLock(ctx.paths.deployLock(app), {
      wait: mode === "waiting",
      command,
      pid: Number(ctx.env.vars.DOKKU_PID) || process.pid,
      reentrant: true,
      empty: "manual",
      owner: ctx.props.owner,
      onWait: () => ctx.log.step(`${app} currently has a deploy lock in place. Waiting...`),
    });
  } catch (error) {
    if (error instanceof LockBusyError) throw deployLockHeld(app);
    throw error;
  }
}

/** dokku-compat: Dokku's wording for a held deploy lock. */
export function deployLockHeld(app: string): UserError {
  return new UserError(`${app} currently has a deploy lock in place. Exiting...\nRun 'apps:unlock' to release the existing deploy lock`);
}

/** Runs `fn` holding the app's lock; the lock is released whatever happens. */
export async function withAppLock<T>(ctx: Ctx, app: string, command: string, mode: "exclusive" | "waiting", fn: () => Promise<T>): Promise<T> {
  const handle = await lockApp(ctx, app, command, mode);
  try {
    return await fn();
  } finally {
    await handle.release();
  }
}
