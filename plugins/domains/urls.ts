import { hostname } from "node:os";
import type { Ctx } from "../../src/core/context.ts";
import { readDomains, vhostEnabled } from "./store.ts";

interface PortMap {
  scheme: string;
  host_port: number;
}

/** `scheme://host[:port]`, leaving out the scheme's default port. */
export function urlFor(scheme: string, host: string, port: number): string {
  const web = scheme === "https" || scheme === "grpcs" ? "https" : scheme === "http" || scheme === "grpc" ? "http" : scheme;
  if ((web === "http" && port === 80) || (web === "https" && port === 443)) return `${web}://${host}`;
  return `${web}://${host}:${port}`;
}

/**
 * The app's URLs (reference 9.4): `app-urls` wins when a plugin answers; otherwise every domain
 * (or the global vhosts, or the host name) with every port map; with the proxy disabled, the
 * web listeners themselves.
 */
export async function appUrls(ctx: Ctx, app: string): Promise<string[]> {
  const proxyEnabled = (await ctx.triggers.query("proxy-is-enabled", app)).trim() !== "false";
  if (!proxyEnabled) {
    const listeners = (await ctx.triggers.query("network-get-listeners", app, "web")).split(/\s+/).filter(Boolean);
    return [...new Set(listeners.map((l) => `http://${l}`))].sort();
  }
  let hosts = (await vhostEnabled(ctx, app)) ? await readDomains(ctx, app) : [];
  if (hosts.length === 0) hosts = await readDomains(ctx);
  if (hosts.length === 0) hosts = [hostname()];
  const maps = JSON.parse((await ctx.triggers.query("ports-get", app, "json")).trim() || "[]") as PortMap[];
  const urls = new Set<string>();
  for (const host of hosts) for (const map of maps) if (map.scheme !== "udp" && map.scheme !== "tcp") urls.add(urlFor(map.scheme, host, map.host_port));
  return [...urls].sort();
}

/** `url`: the first URL of the default scheme (https when the app has a certificate). */
export function primaryUrl(urls: readonly string[], tls: boolean): string | undefined {
  const scheme = tls ? "https://" : "http://";
  return urls.find((u) => u.startsWith(scheme)) ?? urls[0];
}
