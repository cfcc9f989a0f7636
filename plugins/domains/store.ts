import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { isNotFound } from "../../src/core/errors.ts";
import { writeFileAtomic } from "../../src/core/fs-atomic.ts";
import { defaultDomains, parseVhostFile } from "./hostname.ts";

/** `DOKKU_ROOT/VHOST` (global) or `DOKKU_ROOT/APP/VHOST`: one domain per line. */
export function vhostFile(ctx: Ctx, app?: string): string {
  return app === undefined ? join(ctx.paths.dokkuRoot, "VHOST") : join(ctx.paths.appDir(app), "VHOST");
}

export async function readDomains(ctx: Ctx, app?: string): Promise<string[]> {
  try {
    return parseVhostFile(await readFile(vhostFile(ctx, app), "utf8"));
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}

export async function writeDomains(ctx: Ctx, domains: readonly string[], app?: string): Promise<void> {
  const text = domains.map((d) => `${d}\n`).join("");
  await writeFileAtomic(vhostFile(ctx, app), text, { mode: 0o644, owner: ctx.props.owner });
}

/** NO_VHOST (a config var, as in Dokku) is not "1". */
export async function vhostEnabled(ctx: Ctx, app: string): Promise<boolean> {
  return (await ctx.triggers.query("config-get", app, "NO_VHOST")).trim() !== "1";
}

export async function setVhostEnabled(ctx: Ctx, app: string, enabled: boolean): Promise<void> {
  // Captured (query) so the config plugin stays silent, and --no-restart: only the proxy changes.
  await ctx.triggers.query("config-set", "--no-restart", app, `NO_VHOST=${enabled ? "0" : "1"}`);
}

/** The app's default domains from the global VHOST list (`nginx-hostname` may override each). */
export async function appDefaultDomains(ctx: Ctx, app: string): Promise<string[]> {
  const globals = await readDomains(ctx);
  const overrides = new Map<string, string>();
  for (const vhost of globals) {
    const answer = (await ctx.triggers.query("nginx-hostname", app, app, vhost)).trim();
    if (answer) overrides.set(vhost, answer);
  }
  return defaultDomains(app, globals, (vhost) => overrides.get(vhost));
}

/**
 * Dokku's `domains_setup`: writes the default domains under the global vhosts. dokku-compat:
 * with no usable global vhost Dokku sets NO_VHOST=1 in the app's config; we leave the config
 * alone and treat an app without any domain as vhost-less (it gets its own port), which
 * behaves the same and keeps `apps:create` from writing config vars.
 */
export async function setupDefaultDomains(ctx: Ctx, app: string): Promise<string[]> {
  const defaults = await appDefaultDomains(ctx, app);
  if (defaults.length > 0 || (await readDomains(ctx, app)).length > 0) await writeDomains(ctx, defaults, app);
  return defaults;
}

/** The app serves its own domains: NO_VHOST is not set and it has at least one domain. */
export async function appVhostActive(ctx: Ctx, app: string): Promise<boolean> {
  return (await vhostEnabled(ctx, app)) && (await readDomains(ctx, app)).length > 0;
}
