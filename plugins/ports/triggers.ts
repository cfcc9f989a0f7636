import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import { effectiveMaps, portMapsJson, proxyPort, randomFreePort, tlsEnabled } from "./effective.ts";
import { formatPortMap, parsePortMap, sortPortMaps, uniqueMaps } from "./port-map.ts";
import { PORTS, PROXY, PortsProps, ProxyPortProps } from "./schema.ts";

/** `ports-get APP [stdout|json]`: the maps the proxy serves, one per line or as a JSON array. */
export const onPortsGet: TriggerHandler<"ports-get"> = async (ctx, [app, format = "stdout"]) => {
  await ctx.apps.verify(app);
  const maps = await effectiveMaps(ctx, app);
  if (format === "json") return `${portMapsJson(maps)}\n`;
  if (format !== "stdout" && format !== "") throw new UserError(`Invalid format specified: ${format}`);
  return maps.map((m) => `${formatPortMap(m)}\n`).join("");
};

/** `ports-get-property APP proxy-port|proxy-ssl-port`: the computed value. */
export const onPortsGetProperty: TriggerHandler<"ports-get-property"> = async (ctx, [app, property]) => {
  if (property === ProxyPortProps.port) return `${await proxyPort(ctx, app, "port")}\n`;
  if (property === ProxyPortProps.sslPort) return `${await proxyPort(ctx, app, "sslPort")}\n`;
  throw new UserError(`Invalid property specified: ${property}`);
};

/**
 * `ports-configure APP`, before a build detects ports: an app without vhosts gets its own random
 * high proxy port (and ssl port once it has a certificate), so apps never collide on one port.
 */
export const onPortsConfigure: TriggerHandler<"ports-configure"> = async (ctx, [app]) => {
  await ctx.apps.verify(app);
  if ((await ctx.triggers.query("domains-vhost-enabled", app)).trim() !== "false") return;
  if (!(await ctx.props.get(PROXY, app, ProxyPortProps.port))) {
    // dokku-compat: Dokku's messages.
    ctx.log.step("No port set, setting to random open high port");
    await writeRandom(ctx, app, ProxyPortProps.port);
  }
  if (!(await ctx.props.get(PROXY, app, ProxyPortProps.sslPort)) && (await tlsEnabled(ctx, app))) {
    await writeRandom(ctx, app, ProxyPortProps.sslPort);
  }
};

async function writeRandom(ctx: Ctx, app: string, key: string): Promise<void> {
  const port = await randomFreePort();
  ctx.log.step(`Random port ${port}`);
  await ctx.props.set(PROXY, app, key, String(port));
}

/** `ports-set-detected APP MAP...`: what the builder found (EXPOSE, $PORT), sorted and de-duplicated. */
export const onPortsSetDetected: TriggerHandler<"ports-set-detected"> = async (ctx, [app, ...texts]) => {
  await ctx.apps.verify(app);
  const maps = sortPortMaps(uniqueMaps(texts.filter((t) => t.trim() !== "").map((t) => parsePortMap(t.trim()))));
  if (maps.length === 0) await ctx.props.del(PORTS, app, PortsProps.detected);
  else await ctx.props.lwrite(PORTS, app, PortsProps.detected, maps.map(formatPortMap));
};

/** `ports-clear APP`: removes the user-set maps. */
export const onPortsClear: TriggerHandler<"ports-clear"> = async (ctx, [app]) => {
  await ctx.props.del(PORTS, app, PortsProps.map);
};
