import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { afterChange } from "./after-change.ts";
import { assertKey, printEntries } from "./args.ts";
import { EnvStore, type EnvMap } from "./env-store.ts";

/**
 * The write paths behind `config:set/unset/clear/import` and the `config-set`/`config-unset`
 * triggers. Callers validate first; each function writes once under the scope lock, prints
 * Dokku's lines, then fires `post-config-update` and the restart outside the lock.
 */

/** Sets `entries` over the scope's variables. */
export async function setVars(ctx: Ctx, scope: string, entries: EnvMap, restart: boolean, quiet = false): Promise<void> {
  await new EnvStore(ctx).update(scope, (env) => {
    for (const [key, value] of entries) env.set(key, value);
    return env;
  });
  if (!quiet) {
    ctx.log.step("Setting config vars");
    printEntries(ctx, entries);
  }
  await afterChange(ctx, scope, "set", [...entries.keys()], restart);
}

/** Removes `keys`, reporting each one that was not set. */
export async function unsetVars(ctx: Ctx, scope: string, keys: readonly string[], restart: boolean): Promise<void> {
  if (keys.length === 0) throw new UserError("At least one key must be given");
  for (const key of keys) assertKey(key);
  const { before, after } = await new EnvStore(ctx).update(scope, (env) => {
    let changed = false;
    for (const key of keys) changed = env.delete(key) || changed;
    return changed ? env : undefined;
  });
  for (const key of keys) {
    ctx.log.step(before.has(key) ? `Unsetting ${key}` : `Skipping ${key}, it is not set in the environment`);
  }
  // dokku-compat: Dokku restarts even when every key was skipped; we only act on a real change.
  if (after) await afterChange(ctx, scope, "unset", keys, restart);
}

/** Removes every variable of the scope. */
export async function clearVars(ctx: Ctx, scope: string, restart: boolean): Promise<void> {
  const { before, after } = await new EnvStore(ctx).update(scope, (env) => (env.size > 0 ? new Map() : undefined));
  for (const key of [...before.keys()].sort()) ctx.log.step(`Unsetting ${key}`);
  if (after) await afterChange(ctx, scope, "clear", [], restart);
}

/**
 * `config:import`: merges `entries` in (or, with `replace`, makes them the whole environment)
 * in one write, so a reader never sees the cleared-but-not-yet-set state.
 */
export async function importVars(ctx: Ctx, scope: string, entries: EnvMap, replace: boolean, restart: boolean): Promise<void> {
  const { before } = await new EnvStore(ctx).update(scope, (env) => {
    const next = replace ? new Map<string, string>() : env;
    for (const [key, value] of entries) next.set(key, value);
    return next;
  });
  const removed = replace ? [...before.keys()].filter((key) => !entries.has(key)).sort() : [];
  for (const key of removed) ctx.log.step(`Unsetting ${key}`);
  ctx.log.step("Setting config vars");
  printEntries(ctx, entries);
  if (removed.length > 0) await ctx.triggers.notify("post-config-update", scope, "unset", ...removed);
  await afterChange(ctx, scope, "set", [...entries.keys()], restart);
}
