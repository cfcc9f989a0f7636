import { rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { UserError } from "../../src/core/errors.ts";
import { ensureDir } from "../../src/core/fs-atomic.ts";
import type { AnyTriggerHandler, TriggerHandler } from "../../src/core/plugin.ts";
import { GLOBAL } from "../../src/core/props.ts";
import type { Ctx } from "../../src/core/context.ts";
import { assertKey, exportText, parseExportFormat, parsePairs } from "./args.ts";
import { EnvStore, RENAMED_MARKER } from "./env-store.ts";
import { setVars, unsetVars } from "./mutations.ts";
import { loadScope } from "./show-commands.ts";

/**
 * The config plugin's Go-API triggers (reference 10.2), as in-process handlers. Leading
 * `--flags` are read off the argument list the way Dokku's trigger binary parses them.
 */

/** `config-get APP KEY` / `config-get --global KEY`: the raw value; exit 1 when unset. */
export const onConfigGet: TriggerHandler<"config-get"> = async (ctx, args) => {
  const { flags, rest } = leadingFlags(args, ["--global"]);
  const scope = flags.has("--global") ? GLOBAL : await ctx.apps.verify(rest.shift());
  return getValue(ctx, scope, rest[0]);
};

/** `config-get-global KEY`. */
export const onConfigGetGlobal: TriggerHandler<"config-get-global"> = (ctx, [key]) => getValue(ctx, GLOBAL, key);

/** `config-set [--no-restart] [--encoded] APP|--global K=V...`: as `config:set`. */
export const onConfigSet: TriggerHandler<"config-set"> = async (ctx, args, io) => {
  const { flags, rest } = leadingFlags(args, ["--global", "--no-restart", "--encoded"]);
  const scope = flags.has("--global") ? GLOBAL : await ctx.apps.verify(rest.shift());
  // A caller that captures the output (the git receive path setting GIT_REV) wants it silent, as Dokku does.
  await setVars(ctx, scope, parsePairs(rest, flags.has("--encoded")), !flags.has("--no-restart"), !io.streaming);
};

/**
 * `config-unset [--global] [--restart] APP KEY...`. dokku-compat: the trigger does not restart
 * unless asked to (Dokku's restart argument defaults to false), unlike `config:unset`.
 */
export const onConfigUnset: TriggerHandler<"config-unset"> = async (ctx, args) => {
  const { flags, rest } = leadingFlags(args, ["--global", "--restart", "--no-restart"]);
  const scope = flags.has("--global") ? GLOBAL : await ctx.apps.verify(rest.shift());
  await unsetVars(ctx, scope, rest, flags.has("--restart"));
};

/** `config-export APP GLOBAL MERGED FORMAT` (GLOBAL and MERGED are Go-style booleans). */
export const onConfigExport: TriggerHandler<"config-export"> = async (ctx, [app = "", global = "false", merged = "false", format]) => {
  const scope = parseBool(global, "GLOBAL") ? GLOBAL : await ctx.apps.verify(app);
  const exportFormat = parseExportFormat(format || undefined);
  return exportText(await loadScope(ctx, scope, parseBool(merged, "MERGED")), exportFormat);
};

/** `install` and `config-migrate-env`: drain every pre-0.38 ENV file now rather than on first read. */
export const onMigrateEnv: AnyTriggerHandler = async (ctx) => {
  const store = new EnvStore(ctx);
  for (const scope of [GLOBAL, ...(await ctx.apps.list())]) await store.read(scope);
};

/** `post-create APP`: Dokku creates `LIB/config/APP/` up front; tools expect it to exist. */
export const onPostCreate: TriggerHandler<"post-create"> = async (ctx, [app]) => {
  if (app) await ensureDir(dirname(ctx.paths.envFile(app)), { owner: ctx.props.owner });
};

/** `post-delete APP`: the app's ENV file and lock (never the whole `LIB/config/APP`, a plugin may own it). */
export const onPostDelete: TriggerHandler<"post-delete"> = async (ctx, [app]) => {
  if (app) await new EnvStore(ctx).remove(app);
};

/** `post-app-clone-setup OLD NEW`: the new app starts with the old app's variables. */
export const onPostAppCloneSetup: TriggerHandler<"post-app-clone-setup"> = async (ctx, [from, to]) => {
  if (!from || !to) return;
  // The app directory was copied: a marker left by a half-finished rename of OLD is not NEW's.
  await rm(join(ctx.paths.appDir(to), RENAMED_MARKER), { force: true });
  await copyEnv(ctx, from, to);
};

/**
 * `post-app-rename-setup OLD NEW`: the variables move to the new name. A `config:set OLD` racing
 * the rename either lands before the move (and moves) or is refused; `post-delete` cleans up.
 */
export const onPostAppRenameSetup: TriggerHandler<"post-app-rename-setup"> = async (ctx, [from, to]) => {
  if (from && to) await new EnvStore(ctx).moveApp(from, to);
};

async function copyEnv(ctx: Ctx, from: string, to: string): Promise<void> {
  const store = new EnvStore(ctx);
  const source = await store.read(from);
  await store.update(to, (env) => {
    for (const [key, value] of source) env.set(key, value);
    return env;
  });
}

async function getValue(ctx: Ctx, scope: string, key: string | undefined): Promise<string> {
  if (!key) throw new UserError("Expected: key");
  const value = (await new EnvStore(ctx).read(scope)).get(assertKey(key));
  // dokku-compat: Dokku's config-get trigger prints nothing and exits 0 for an unset key;
  // bash plugins test the output for emptiness, not the exit code.
  return value ?? "";
}

function leadingFlags(args: readonly string[], known: readonly string[]): { flags: Set<string>; rest: string[] } {
  const rest = [...args];
  const flags = new Set<string>();
  while (rest[0]?.startsWith("--")) {
    const flag = rest.shift()!;
    if (!known.includes(flag)) throw new UserError(`Unknown flag ${flag}, expected one of: ${known.join(", ")}`);
    flags.add(flag);
  }
  return { flags, rest };
}

/** Go's strconv.ParseBool. */
function parseBool(text: string, what: string): boolean {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(text)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(text)) return false;
  throw new UserError(`Invalid ${what} value ${JSON.stringify(text)}: expected true or false`);
}
