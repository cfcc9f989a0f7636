import { existsSync } from "node:fs";
import { readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { acquireLock } from "../../src/core/lock.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError, errorMessage, isNotFound } from "../../src/core/errors.ts";
import { ensureDir, writeFileAtomic } from "../../src/core/fs-atomic.ts";
import { computedProps, gatherFacts, listenersOf } from "./facts.ts";
import { ensureErrorPages, writeHsts } from "./files.ts";
import { type NginxHost, nginxHost } from "./host.ts";
import { reloadNginx } from "./reload.ts";
import { renderTemplate } from "./sigil/render.ts";
import { chooseTemplate } from "./templates.ts";
import { testAlone, testHost } from "./validate.ts";
import { squeezeBlankLines, templateVars } from "./vars.ts";
import { readConfig } from "../../src/core/config-api.ts";

export const configFile = (ctx: Ctx, app: string) => join(ctx.paths.appDir(app), "nginx.conf");
const candidateFile = (ctx: Ctx, app: string) => join(ctx.paths.appDir(app), ".nginx.conf.candidate");
const reloadLock = (ctx: Ctx) => join(ctx.paths.dataDir("nginx-vhosts"), ".reload.lock");

/** True when this proxy implementation is the app's (other proxies' plugins act for theirs). */
export async function isNginxApp(ctx: Ctx, app: string): Promise<boolean> {
  const type = (await ctx.triggers.query("proxy-type", app)).trim() || "nginx";
  return type === "nginx";
}

/**
 * Dokku's `nginx_build_config` with design point 2 (per-app work only): the app's config is
 * rendered from its live web containers, tested with nginx on its own, and only then swapped in
 * atomically; a config that fails leaves the previous one serving and blocks no other app.
 */
export async function buildConfig(ctx: Ctx, app: string): Promise<void> {
  await ctx.apps.verify(app);
  if (!(await isNginxApp(ctx, app))) return;
  const host = nginxHost(ctx.env);
  if ((await ctx.triggers.query("proxy-is-enabled", app)).trim() === "false") {
    // dokku-compat: Dokku's message.
    ctx.log.step(`Nginx support is disabled for app (${app})`);
    await clearConfig(ctx, app);
    return;
  }
  if ((await listenersOf(ctx, app, "web")).length === 0 && !existsSync(configFile(ctx, app))) {
    ctx.log.trace(`nginx: ${app} has no web listeners and no config yet: nothing to build`);
    return;
  }
  const facts = await gatherFacts(ctx, app, host);
  const input = templateVars(facts);
  if ((facts.listeners.web ?? []).length === 0) ctx.log.warn(`No web listeners specified for ${app}`);
  for (const warning of input.warnings) ctx.log.warn(warning);
  const template = await chooseTemplate(ctx, app, facts.props["disable-custom-config"] === "true");
  for (const domain of input.domains) ctx.log.step(`Configuring ${domain}...(using ${template.kind} template)`);
  const text = render(app, template.text, input.vars, await readConfig(ctx, app, "merged"));
  ctx.log.step(`Creating ${input.tls ? "https" : "http"} nginx.conf`);
  await ensureDir(join(ctx.paths.appDir(app), "nginx.conf.d"), { owner: ctx.props.owner });
  await writeHsts(ctx, app, input.tls, facts.props);
  await ensureErrorPages(ctx);
  await installConfig(ctx, app, host, text, facts.props["nginx-service-command"], [input.vars.DOKKU_APP_LISTEN_PORT ?? "", input.vars.DOKKU_APP_LISTEN_IP ?? ""]);
}

function render(app: string, template: string, vars: Record<string, string>, env: Map<string, string>): string {
  try {
    return squeezeBlankLines(renderTemplate(template, vars, Object.fromEntries(env)));
  } catch (error) {
    throw new UserError(`Cannot render the nginx template of ${app}: ${errorMessage(error)}`);
  }
}

/**
 * Writes the candidate, tests it alone, swaps it in, tests the host and reloads; any failure restores
 * the previous config. A candidate that fails alone may only name what the host defines at its http
 * level (a `log_format` in conf.d for `access-log-format`, a `limit_req_zone`, a `map`): the host test,
 * with it in place, decides then; if that fails too, the alone test's words are the reason.
 */
async function installConfig(ctx: Ctx, app: string, host: NginxHost, text: string, serviceCommand: string, [port, ip]: [string, string]): Promise<void> {
  const candidate = candidateFile(ctx, app);
  await writeFileAtomic(candidate, text, { mode: 0o644, owner: ctx.props.owner });
  const alone = await testAlone(ctx, host, candidate);
  await withReloadLock(ctx, async () => {
    const previous = await readOptional(configFile(ctx, app));
    await rename(candidate, configFile(ctx, app));
    let whole = await testHost(ctx, host);
    // Other apps' broken configs are moved aside only when this one is known good on its own.
    if (!whole.ok && alone.ok && (await setAsideBroken(ctx, host, app)) > 0) whole = await testHost(ctx, host);
    if (!whole.ok) {
      await restore(ctx, app, previous);
      if (!alone.ok) throw new UserError(`The new nginx config of ${app} is invalid; the previous one stays in place:\n${alone.output}`);
      throw new UserError(`nginx rejects the host config, so ${app}'s new config was not applied:\n${whole.output}`);
    }
    await rm(`${configFile(ctx, app)}.invalid`, { force: true });
    await ctx.triggers.notify("nginx-pre-reload", app, port, ip);
    ctx.log.detail("Reloading nginx");
    await reloadNginx(ctx, host, serviceCommand);
  });
}

/** Removes the app's config and reloads (proxy:clear-config, proxy disabled, app destroyed). */
export async function clearConfig(ctx: Ctx, app: string): Promise<void> {
  const file = configFile(ctx, app);
  if (!existsSync(file)) return;
  const host = nginxHost(ctx.env);
  await withReloadLock(ctx, async () => {
    await rm(file, { force: true });
    ctx.log.detail("Reloading nginx");
    await reloadNginx(ctx, host, (await computedProps(ctx, app, host.logRoot))["nginx-service-command"]);
  });
}

/** Host-wide: one swap-test-reload at a time, so a restore never undoes another app's swap. */
export async function withReloadLock(ctx: Ctx, fn: () => Promise<void>): Promise<void> {
  await ensureDir(ctx.paths.dataDir("nginx-vhosts"), { owner: ctx.props.owner });
  const lock = await acquireLock(reloadLock(ctx), { wait: true, command: "nginx reload", pid: process.pid });
  try {
    await restoreJudged(ctx);
    await fn();
  } finally {
    await lock.release();
  }
}

async function restore(ctx: Ctx, app: string, previous: string | undefined): Promise<void> {
  if (previous === undefined) await rm(configFile(ctx, app), { force: true });
  else await writeFileAtomic(configFile(ctx, app), previous, { mode: 0o644, owner: ctx.props.owner });
}

/**
 * The host config fails although this app's passed on its own: another app's config on disk is
 * broken (edited by hand, or its certificate deleted), and any reload would fail on it. Such a
 * config already serves nothing new, so it is moved aside to `nginx.conf.invalid` with a warning
 * rather than blocking every other app. dokku-compat: Dokku fails the deploy here; this is its
 * `nginx:validate-config --clean`, done for the one deploy that needs it. Only walked on this
 * failure path. Returns how many were moved.
 */
async function setAsideBroken(ctx: Ctx, host: NginxHost, building: string): Promise<number> {
  const broken = await brokenInHost(ctx, host, await failingAlone(ctx, host, (await ctx.apps.list()).filter((app) => app !== building)));
  for (const { app, file, output } of broken) {
    await rename(file, `${file}.invalid`);
    ctx.log.warn(`The nginx config of ${app} is invalid and was moved to ${file}.invalid (rebuild it with dokku proxy:build-config ${app}):`);
    ctx.log.stderr(output);
  }
  return broken.length;
}

export interface Suspect {
  readonly app: string;
  readonly file: string;
  /** What nginx said of the config on its own. */
  readonly output: string;
}

/** The configs of `apps` that fail an nginx -t on their own. */
export async function failingAlone(ctx: Ctx, host: NginxHost, apps: readonly string[]): Promise<Suspect[]> {
  const suspects: Suspect[] = [];
  for (const app of apps) {
    const file = configFile(ctx, app);
    if (!existsSync(file)) continue;
    const result = await testAlone(ctx, host, file);
    if (!result.ok) suspects.push({ app, file, output: result.output });
  }
  return suspects;
}

/**
 * The suspects the host config cannot take. A config may fail on its own only for naming what the
 * host defines at its http level (a log_format), so the host test decides: every suspect aside, then
 * each one back in turn. When the host config fails with all of them aside, none is to blame. Every
 * file is where it was on return; call under the reload lock.
 */
/** Configs a killed brokenInHost left aside go back first (under the reload lock). */
async function restoreJudged(ctx: Ctx): Promise<void> {
  for (const app of await ctx.apps.list()) {
    const file = configFile(ctx, app);
    if (existsSync(judged(file)) && !existsSync(file)) await rename(judged(file), file);
  }
}

const judged = (file: string) => `${file}.judged`;

export async function brokenInHost(ctx: Ctx, host: NginxHost, suspects: readonly Suspect[]): Promise<Suspect[]> {
  if (suspects.length === 0) return [];
  const out = new Set<Suspect>();
  for (const suspect of suspects) {
    await rename(suspect.file, judged(suspect.file));
    out.add(suspect);
  }
  try {
    if (!(await testHost(ctx, host)).ok) return [];
    const broken: Suspect[] = [];
    for (const suspect of suspects) {
      await rename(judged(suspect.file), suspect.file);
      out.delete(suspect);
      if ((await testHost(ctx, host)).ok) continue;
      await rename(suspect.file, judged(suspect.file));
      out.add(suspect);
      broken.push(suspect);
    }
    return broken;
  } finally {
    for (const suspect of out) await rename(judged(suspect.file), suspect.file);
  }
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
