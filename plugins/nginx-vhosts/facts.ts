import { X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { UserError, isNotFound } from "../../src/core/errors.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { type NginxHost, parseNginxVersion, versionArgv } from "./host.ts";
import { NGINX, NGINX_PROPERTIES, type NginxProperty } from "./schema.ts";
import type { AppFacts, PortMapJson } from "./vars.ts";

/** The app's value, else the global one, else the default (`{LOG}`/`{APP}` expanded). */
export async function computedProps(ctx: Ctx, app: string | undefined, logRoot: string): Promise<Record<NginxProperty, string>> {
  const out = {} as Record<NginxProperty, string>;
  for (const [name, spec] of Object.entries(NGINX_PROPERTIES) as [NginxProperty, { default: string }][]) {
    const own = app === undefined ? undefined : await ctx.props.get(NGINX, app, name);
    const global = await ctx.props.get(NGINX, GLOBAL, name);
    out[name] = own || global || spec.default.replace("{LOG}", logRoot).replace("{APP}", app ?? "APP");
  }
  return out;
}

/** `ip:port` listeners of one process type (the network plugin answers). */
export async function listenersOf(ctx: Ctx, app: string, type: string): Promise<string[]> {
  const text = await ctx.triggers.query("network-get-listeners", app, type);
  return [...new Set(text.split(/\s+/).filter((l) => /^[^\s:]+:\d+$/.test(l)))];
}

/** Web listeners plus those of every other scaled process type (`DOKKU_APP_<TYPE>_LISTENERS`). */
async function allListeners(ctx: Ctx, app: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = { web: await listenersOf(ctx, app, "web") };
  if (!(await ctx.triggers.exists("ps-current-scale"))) return out;
  for (const line of (await ctx.triggers.query("ps-current-scale", app)).split("\n")) {
    const type = line.split("=")[0]?.trim();
    if (type && type !== "web" && /^[a-zA-Z0-9_-]+$/.test(type)) out[type] = await listenersOf(ctx, app, type);
  }
  return out;
}

/** CN and DNS SANs of the app's certificate, or undefined when it has none. */
async function certNames(ctx: Ctx, app: string, sslPath: string): Promise<string[] | undefined> {
  if ((await ctx.triggers.query("certs-exists", app)).trim() !== "true") return undefined;
  let pem: Buffer;
  try {
    pem = await readFile(join(sslPath, "server.crt"));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  try {
    const cert = new X509Certificate(pem);
    const cn = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1];
    const sans = (cert.subjectAltName ?? "").split(",").map((s) => s.trim()).filter((s) => s.startsWith("DNS:")).map((s) => s.slice(4));
    return [...new Set([...(cn ? [cn] : []), ...sans])];
  } catch {
    throw new UserError(`The certificate of ${app} (${join(sslPath, "server.crt")}) cannot be parsed`);
  }
}

export async function nginxVersion(ctx: Ctx, host: NginxHost): Promise<number[]> {
  const result = await ctx.exec(versionArgv(host), { check: false });
  return parseNginxVersion(result.stderr + result.stdout) ?? [0, 0, 0];
}

/** Gathers everything the template needs through the other plugins' triggers. */
export async function gatherFacts(ctx: Ctx, app: string, host: NginxHost): Promise<AppFacts> {
  await ctx.triggers.notify("ports-configure", app);
  const appSslPath = join(ctx.paths.appDir(app), "tls");
  const maps = JSON.parse((await ctx.triggers.query("ports-get", app, "json")).trim() || "[]") as PortMapJson[];
  const port = async (key: string) => Number((await ctx.triggers.query("ports-get-property", app, key)).trim()) || (key === "proxy-port" ? 80 : 443);
  return {
    app,
    dokkuRoot: ctx.paths.dokkuRoot,
    libRoot: ctx.paths.libRoot,
    appSslPath,
    listeners: await allListeners(ctx, app),
    listenersPublished: (await ctx.triggers.query("network-listeners-published", app)).trim() === "true",
    maps,
    domains: (await ctx.triggers.query("domains-list", app)).split("\n").map((d) => d.trim()).filter(Boolean),
    vhost: (await ctx.triggers.query("domains-vhost-enabled", app)).trim() === "true",
    certNames: await certNames(ctx, app, appSslPath),
    props: await computedProps(ctx, app, host.logRoot),
    logRoot: host.logRoot,
    proxyPort: await port("proxy-port"),
    proxySslPort: await port("proxy-ssl-port"),
    nginxVersion: await nginxVersion(ctx, host),
  };
}
