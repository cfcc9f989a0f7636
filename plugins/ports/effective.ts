import { createServer } from "node:net";
import type { Ctx } from "../../src/core/context.ts";
import { UserError, errorMessage } from "../../src/core/errors.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { type PortMap, parsePortMap, withTls } from "./port-map.ts";
import { DEFAULT_CONTAINER_PORT, PORTS, PROXY, PortsProps, ProxyPortProps } from "./schema.ts";

/** A stored list of maps; a corrupt line is an error naming the app, never silently dropped. */
export async function storedMaps(ctx: Ctx, app: string, key: string): Promise<PortMap[]> {
  const lines = await ctx.props.lrange(PORTS, app, key);
  try {
    return lines.filter((line) => line.trim() !== "").map((line) => parsePortMap(line.trim()));
  } catch (error) {
    throw new UserError(`Cannot read property "${PORTS}.${key}" for app "${app}": ${errorMessage(error)}`);
  }
}

type PortKind = "port" | "sslPort";

/**
 * proxy-port / proxy-ssl-port: the app's value, else the global one, else DOKKU_PROXY_PORT /
 * DOKKU_PROXY_SSL_PORT from the environment (Dokku's legacy variables, which tests use to move
 * the proxy off 80/443), else 80 / 443.
 */
export async function proxyPort(ctx: Ctx, app: string | typeof GLOBAL, kind: PortKind): Promise<number> {
  const key = ProxyPortProps[kind];
  const own = app === GLOBAL ? undefined : await ctx.props.getInt(PROXY, app, key);
  if (own) return own;
  const global = await ctx.props.getInt(PROXY, GLOBAL, key);
  if (global) return global;
  const fromEnv = Number(ctx.env.vars[kind === "port" ? "DOKKU_PROXY_PORT" : "DOKKU_PROXY_SSL_PORT"]);
  if (Number.isInteger(fromEnv) && fromEnv > 0 && fromEnv < 65536) return fromEnv;
  return kind === "port" ? 80 : 443;
}

/** True when the app has a certificate (certs-exists) or a plugin forces https (certs-force). */
export async function tlsEnabled(ctx: Ctx, app: string): Promise<boolean> {
  if ((await ctx.triggers.query("certs-exists", app)).trim() === "true") return true;
  return (await ctx.triggers.query("certs-force", app)).trim() === "true";
}

/** What `ports-get` answers: user maps, else detected ones, else the default; https added with a certificate. */
export async function effectiveMaps(ctx: Ctx, app: string): Promise<PortMap[]> {
  let maps = await storedMaps(ctx, app, PortsProps.map);
  if (maps.length === 0) maps = await storedMaps(ctx, app, PortsProps.detected);
  const port = await proxyPort(ctx, app, "port");
  if (maps.length === 0) maps = [{ scheme: "http", hostPort: port, containerPort: DEFAULT_CONTAINER_PORT }];
  if (!(await tlsEnabled(ctx, app))) return maps;
  return withTls(maps, port, await proxyPort(ctx, app, "sslPort"));
}

/** A free TCP port above 1024, as Dokku picks for apps without vhosts. */
export function randomFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "0.0.0.0", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port > 1024 ? resolve(port) : reject(new Error(`unexpected free port ${port}`))));
    });
  });
}

/** JSON form of `ports-get APP json` (Go's PortMap field order). */
export function portMapsJson(maps: readonly PortMap[]): string {
  return JSON.stringify(maps.map((m) => ({ container_port: m.containerPort, host_port: m.hostPort, scheme: m.scheme })));
}
