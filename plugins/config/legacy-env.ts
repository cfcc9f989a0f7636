import { readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { UserError, errorMessage, isNotFound } from "../../src/core/errors.ts";
import { exists } from "../../src/core/fs-exists.ts";
import { GLOBAL } from "../../src/core/props.ts";
import type { EnvMap, EnvStoreCtx } from "./env-store.ts";
import { parseEnvFile } from "./env-file.ts";

/** Property namespace of the config plugin (`LIB/config/config/<scope>/<key>`). */
export const CONFIG = "config";
/** Records that a scope's pre-0.38 ENV file was drained (reference 2.5). */
export const ENV_MIGRATED = "env-migrated";

/** Pre-0.38 location: `DOKKU_ROOT/ENV` (global) or `DOKKU_ROOT/<APP>/ENV`. */
export function legacyEnvFile(ctx: Pick<EnvStoreCtx, "paths">, scope: string): string {
  return scope === GLOBAL ? join(ctx.paths.dokkuRoot, "ENV") : join(ctx.paths.appDir(scope), "ENV");
}

/** True when a read must take the lock: never migrated, or an old file has (re)appeared. */
export async function legacyNeedsWork(ctx: EnvStoreCtx, scope: string): Promise<boolean> {
  if ((await ctx.props.get(CONFIG, scope, ENV_MIGRATED)) !== "true") return true;
  return exists(legacyEnvFile(ctx, scope), "file");
}

/**
 * Dokku's `config-migrate-env` for one scope, run with the scope lock held: merges the legacy
 * file over `entries` (in place), persists, records `env-migrated=true`, then deletes the old
 * file. A legacy file seen after the migration is never re-imported: deleted when it matches,
 * else kept as `ENV.migrated` with a warning naming the keys that differ.
 */
export async function drainLegacyEnv(ctx: EnvStoreCtx, scope: string, entries: EnvMap, persist: () => Promise<void>): Promise<void> {
  const migrated = (await ctx.props.get(CONFIG, scope, ENV_MIGRATED)) === "true";
  const file = legacyEnvFile(ctx, scope);
  const legacy = await readLegacy(ctx, file);
  if (legacy === undefined) {
    if (!migrated) await ctx.props.set(CONFIG, scope, ENV_MIGRATED, "true");
    return;
  }
  if (migrated) return preserveStale(ctx, file, legacy, entries);
  for (const [key, value] of legacy) entries.set(key, value);
  // Order matters: the old file goes only after the new one and the marker are on disk.
  await persist();
  await ctx.props.set(CONFIG, scope, ENV_MIGRATED, "true");
  await rm(file, { force: true });
}

async function preserveStale(ctx: EnvStoreCtx, file: string, stale: EnvMap, current: EnvMap): Promise<void> {
  const diverged = [...stale.keys()].sort().filter((key) => current.get(key) !== stale.get(key));
  if (diverged.length === 0) return void (await rm(file, { force: true }));
  const kept = `${file}.migrated`;
  // dokku-compat: Dokku's two warning lines for an ENV file that outlived its migration.
  ctx.log.warn(`Not importing already-migrated ENV file ${file}: the current config takes precedence for ${diverged.join(" ")}`);
  ctx.log.warn(`Preserved at ${kept}; apply any values still needed with dokku config:set`);
  await rename(file, kept);
}

async function readLegacy(ctx: EnvStoreCtx, file: string): Promise<EnvMap | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (isNotFound(error) || code === "ENOTDIR" || code === "EISDIR") return undefined;
    throw error;
  }
  try {
    // Invalid keys are simply not carried over; the old file is going away.
    return parseEnvFile(text, (name) => ctx.env.vars[name]).entries;
  } catch (error) {
    throw new UserError(`Cannot migrate legacy config file ${file}: ${errorMessage(error)}`, { cause: error });
  }
}
