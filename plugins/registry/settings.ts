import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { computedServer, loginServer, parseExtraTags, renderRepoTemplate } from "./names.ts";
import { CREDENTIALS_FILE, REGISTRY, RegistryProps, localImageRepo } from "./schema.ts";

/** The app's own value, else the global one, else "". */
export async function appOrGlobal(ctx: Ctx, app: string, key: string): Promise<string> {
  if (app !== GLOBAL) {
    const own = (await ctx.props.get(REGISTRY, app, key))?.trim();
    if (own) return own;
  }
  return (await ctx.props.get(REGISTRY, GLOBAL, key))?.trim() ?? "";
}

/** `image-repo`, else the rendered `image-repo-template` (app, else global), else `dokku/APP`. */
export async function computedImageRepo(ctx: Ctx, app: string): Promise<string> {
  const own = (await ctx.props.get(REGISTRY, app, RegistryProps.imageRepo))?.trim();
  if (own) return own;
  const template = await appOrGlobal(ctx, app, RegistryProps.imageRepoTemplate);
  if (template) {
    try {
      const rendered = renderRepoTemplate(template, app);
      if (rendered) return rendered;
    } catch (error) {
      throw new UserError(`Unable to determine image repo from template: ${(error as Error).message}`);
    }
  }
  return localImageRepo(app);
}

/** The server prefix images are pushed under (`host:port/` or ""). */
export async function computedServerFor(ctx: Ctx, scope: string): Promise<string> {
  return computedServer(await appOrGlobal(ctx, scope, RegistryProps.server));
}

export async function pushEnabled(ctx: Ctx, scope: string): Promise<boolean> {
  return ((await appOrGlobal(ctx, scope, RegistryProps.pushOnRelease)) || "false") === "true";
}

export async function extraTags(ctx: Ctx, scope: string): Promise<string[]> {
  return parseExtraTags(await appOrGlobal(ctx, scope, RegistryProps.pushExtraTags));
}

/** DOCKER_CONFIG directory holding an app's own credentials (`LIB/config/registry/APP`). */
export function appCredentialsDir(ctx: Ctx, app: string): string {
  return ctx.paths.propertyDir(REGISTRY, app);
}

/** The docker CLI's own config directory, where `--global` credentials live. */
export function globalCredentialsDir(ctx: Ctx): string {
  const vars = ctx.env.vars;
  return vars.DOCKER_CONFIG || join(vars.HOME || ctx.env.vars.DOKKU_ROOT || "/home/dokku", ".docker");
}

/** Servers with a credential in a docker CLI config directory, as `registry:login` names them. */
export async function authServers(dir: string): Promise<string[]> {
  const text = await readFile(join(dir, CREDENTIALS_FILE), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (text === undefined) return [];
  let auths: Record<string, unknown> = {};
  try {
    auths = ((JSON.parse(text) as { auths?: Record<string, unknown> }).auths) ?? {};
  } catch {
    throw new UserError(`Cannot read registry credentials: ${join(dir, CREDENTIALS_FILE)} is not valid JSON`);
  }
  const names = Object.keys(auths).map((server) => (server.includes("index.docker.io") ? "docker.io" : loginServer(server.replace(/^https?:\/\//, ""))));
  return [...new Set(names)].sort();
}

/**
 * The credentials a push for the app uses: its own (`registry:login APP`) when it has any,
 * else the global ones (undefined: the docker CLI's own config).
 * dokku-compat: the docker CLI reads one config directory per call, so an app with credentials
 * of its own does not also see the global ones.
 */
export async function pushConfigDir(ctx: Ctx, app: string): Promise<string | undefined> {
  const dir = appCredentialsDir(ctx, app);
  return (await authServers(dir)).length > 0 ? dir : undefined;
}
