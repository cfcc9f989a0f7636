import { lstat, mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { UserError, isNotFound } from "../../src/core/errors.ts";

/** Community plugin names: Dokku's rule for `--name` and for `plugin:update NAME`. */
const PLUGIN_NAME = /^[0-9a-zA-Z_-]+$/;

/**
 * Dokku's core plugin folders (reference 3.1). Refused as community names even before our own
 * core plugin of that name exists, so a later release cannot be shadowed by an installed plugin.
 */
const DOKKU_CORE_PLUGINS: ReadonlySet<string> = new Set(
  ("00_dokku-standard 20_events app-json apps builder builder-dockerfile builder-herokuish builder-lambda builder-nixpacks " +
    "builder-null builder-pack builder-railpack buildpacks builds caddy-vhosts certs checks common config cron docker-options " +
    "domains enter git haproxy-vhosts logs network nginx-vhosts openresty-vhosts plugin ports proxy ps registry repo resource " +
    "run scheduler scheduler-docker-local scheduler-k3s scheduler-null shell ssh-keys storage trace traefik-vhosts").split(" "),
);

/** Validates a plugin name (no paths, no dots) or fails with Dokku-style wording. */
export function parsePluginName(name: string | undefined, missing = "Please specify a plugin name"): string {
  if (!name) throw new UserError(missing);
  if (!PLUGIN_NAME.test(name)) throw new UserError(`Invalid plugin name: ${name} (must match ^[0-9a-zA-Z_-]+$)`);
  return name;
}

/** A core plugin: embedded in the binary, or one of Dokku's core folder names. */
export function isCorePlugin(ctx: Ctx, name: string): boolean {
  return DOKKU_CORE_PLUGINS.has(name) || ctx.plugins.core.some((p) => p.name === name);
}

/** `$PLUGIN_PATH/available/<name>` and `$PLUGIN_PATH/enabled/<name>`. */
export function pluginDirs(ctx: Ctx, name: string): { available: string; enabled: string } {
  return { available: join(ctx.paths.pluginAvailable, name), enabled: join(ctx.paths.pluginEnabled, name) };
}

/** Creates the plugin trees (a fresh host has none). */
export async function ensurePluginTrees(ctx: Ctx): Promise<void> {
  await mkdir(ctx.paths.pluginAvailable, { recursive: true });
  await mkdir(ctx.paths.pluginEnabled, { recursive: true });
}

/** True when the path exists, without following a final symlink. */
export async function present(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

export async function isInstalled(ctx: Ctx, name: string): Promise<boolean> {
  return present(pluginDirs(ctx, name).available);
}

export async function isEnabled(ctx: Ctx, name: string): Promise<boolean> {
  return present(pluginDirs(ctx, name).enabled);
}

/** Community plugin folders under `available/`, sorted (dot-folders are ours). */
export async function installedNames(ctx: Ctx): Promise<string[]> {
  return listNames(ctx.paths.pluginAvailable);
}

/** Community plugins that are enabled, sorted. */
export async function enabledNames(ctx: Ctx): Promise<string[]> {
  return (await listNames(ctx.paths.pluginEnabled)).filter((name) => !isCorePlugin(ctx, name));
}

async function listNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => !name.startsWith(".")).sort();
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}

/** The file that records where a tarball plugin came from (git plugins keep it as `origin`). */
export const SOURCE_FILE = ".plugin_source";

/** Where an installed plugin came from: the recorded tarball location, else its git `origin`. */
export async function installedOrigin(ctx: Ctx, dir: string): Promise<string | undefined> {
  try {
    return (await readFile(join(dir, SOURCE_FILE), "utf8")).trim();
  } catch {
    // not installed from a tarball
  }
  if (!(await present(join(dir, ".git")))) return undefined;
  const result = await ctx.exec(["git", "-c", `safe.directory=${dir}`, "-C", dir, "config", "--get", "remote.origin.url"], { check: false });
  return result.code === 0 ? result.stdout.trim() : undefined;
}

/** Environment for git children: never prompt for credentials on a terminal. */
export function gitEnv(ctx: Ctx): Record<string, string> {
  return { ...ctx.childEnv(), GIT_TERMINAL_PROMPT: "0" };
}

/** Removes a community plugin from disk: the enabled link first, so it is never half-enabled. */
export async function removePluginFiles(ctx: Ctx, name: string): Promise<void> {
  const dirs = pluginDirs(ctx, name);
  await rm(dirs.enabled, { force: true });
  await rm(dirs.available, { recursive: true, force: true });
  ctx.plugins.reload();
}
