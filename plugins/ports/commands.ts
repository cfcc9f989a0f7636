import { appArg } from "../../src/cli/shared-args.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { defineReportCommand } from "../../src/core/report-command.ts";
import { storedMaps } from "./effective.ts";
import { type PortMap, addPortMaps, assertNoReuse, columnize, formatPortMap, parsePortMaps, removePortMaps, uniqueMaps } from "./port-map.ts";
import { PORTS, PortsProps } from "./schema.ts";

async function writeMaps(ctx: Ctx, app: string, maps: readonly PortMap[], action: string): Promise<void> {
  if (maps.length === 0) await ctx.props.del(PORTS, app, PortsProps.map);
  else await ctx.props.lwrite(PORTS, app, PortsProps.map, maps.map(formatPortMap));
  await ctx.triggers.notify("post-proxy-ports-update", app, action);
}

const positionals = (args: { _: unknown[] }) => args._.map(String);

export const portsList = defineCommand({
  name: "ports:list",
  description: "List port mappings for an app",
  usage: "<app>",
  args: appArg,
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    let maps = await storedMaps(ctx, app, PortsProps.map);
    if (maps.length === 0) maps = await storedMaps(ctx, app, PortsProps.detected);
    // dokku-compat: Dokku's wording and columnised layout.
    if (maps.length === 0) throw new UserError("No port mappings configured for app");
    ctx.log.step(`Port mappings for ${app}`);
    const rows = maps.map((m) => [`    ${m.scheme}`, String(m.hostPort), String(m.containerPort)]);
    const header = ctx.log.quiet ? [] : [["-----> scheme", "host port", "container port"]];
    for (const line of columnize([...header, ...rows])) ctx.log.data(line);
  },
});

export const portsAdd = defineCommand({
  name: "ports:add",
  description: "Add port mappings to an app",
  usage: "<app> [<scheme>:<host-port>:<container-port>...]",
  args: appArg,
  async run(ctx, args) {
    const [name, ...texts] = positionals(args);
    const app = await ctx.apps.verify(name);
    const added = parsePortMaps(texts);
    await writeMaps(ctx, app, addPortMaps(await storedMaps(ctx, app, PortsProps.map), added), "add");
  },
});

export const portsSet = defineCommand({
  name: "ports:set",
  description: "Set port mappings for an app",
  usage: "<app> [<scheme>:<host-port>:<container-port>...]",
  args: appArg,
  async run(ctx, args) {
    const [name, ...texts] = positionals(args);
    const app = await ctx.apps.verify(name);
    const maps = uniqueMaps(parsePortMaps(texts));
    assertNoReuse(maps);
    await writeMaps(ctx, app, maps, "set");
  },
});

export const portsRemove = defineCommand({
  name: "ports:remove",
  description: "Remove specific port mappings from an app",
  usage: "<app> [<host-port>|<scheme>:<host-port>:<container-port>...]",
  args: appArg,
  async run(ctx, args) {
    const [name, ...texts] = positionals(args);
    const app = await ctx.apps.verify(name);
    await writeMaps(ctx, app, removePortMaps(await storedMaps(ctx, app, PortsProps.map), texts), "remove");
  },
});

export const portsClear = defineCommand({
  name: "ports:clear",
  description: "Clear all port mappings for an app",
  usage: "<app>",
  args: appArg,
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    await ctx.props.del(PORTS, app, PortsProps.detected);
    await writeMaps(ctx, app, [], "clear");
  },
});

export const portsReport = defineReportCommand({
  plugin: PORTS,
  values: async (ctx, app) => ({
    "--ports-map": (await storedMaps(ctx, app, PortsProps.map)).map(formatPortMap).join(" "),
    "--ports-map-detected": (await storedMaps(ctx, app, PortsProps.detected)).map(formatPortMap).join(" "),
  }),
});
