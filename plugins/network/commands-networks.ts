import { formatArg } from "../../src/cli/shared-args.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import type { NetworkInfo } from "../../src/docker/engine.ts";
import { BUILTIN_NETWORKS, NETWORK_LABEL, NETWORK_NAME } from "./schema.ts";

const networkArg = { network: { type: "positional", description: "Network name", required: false } } as const;

/** A network name from argv, checked against docker's rule. */
function parseNetworkName(value: unknown): string {
  const name = typeof value === "string" ? value : "";
  if (name === "") throw new UserError("Please specify a network name");
  if (!NETWORK_NAME.test(name)) throw new UserError(`Invalid network name: ${name}`);
  return name;
}

async function existing(ctx: Ctx, value: unknown): Promise<NetworkInfo> {
  const name = parseNetworkName(value);
  const info = await (await ctx.docker()).inspectNetwork(name);
  if (!info) throw new UserError(`Network ${name} does not exist`);
  return info;
}

function textOrJson(format: string | undefined): "text" | "json" {
  if (format === undefined || format === "text" || format === "stdout") return "text";
  if (format === "json") return "json";
  throw new UserError(`Invalid --format value specified: ${format}`);
}

export const networkCreate = defineCommand({
  name: "network:create",
  description: "Creates an attachable docker network",
  usage: "<network>",
  args: networkArg,
  async run(ctx, args) {
    const name = parseNetworkName(args.network);
    const docker = await ctx.docker();
    if (BUILTIN_NETWORKS.includes(name) || (await docker.inspectNetwork(name))) throw new UserError(`Network ${name} already exists`);
    ctx.log.step(`Creating network ${name}`);
    if ((await docker.createNetwork(name, { labels: { [NETWORK_LABEL]: name }, attachable: true })) === "exists") {
      throw new UserError(`Network ${name} already exists`);
    }
  },
});

export const networkDestroy = defineCommand({
  name: "network:destroy",
  description: "Destroys a docker network",
  usage: "[--force] <network>",
  args: { ...networkArg, force: { type: "boolean", description: "Skip the confirmation" } },
  async run(ctx, args) {
    const info = await existing(ctx, args.network);
    // dokku-compat: only networks network:create made are destroyed (DESIGN 5: ownership before destruction).
    if (info.labels[NETWORK_LABEL] !== info.name) throw new UserError(`Network ${info.name} was not created by network:create, not destroying it`);
    if (!args.force && !ctx.flags.force) await confirm(ctx, info.name);
    ctx.log.step(`Destroying network ${info.name}`);
    await (await ctx.docker()).removeNetwork(info.name);
  },
});

export const networkExists = defineCommand({
  name: "network:exists",
  description: "Checks if a docker network exists",
  usage: "<network>",
  args: networkArg,
  async run(ctx, args) {
    await existing(ctx, args.network);
    ctx.log.detail("Network exists");
  },
});

export const networkInfo = defineCommand({
  name: "network:info",
  description: "Outputs information about a docker network",
  usage: "<network> [--format text|json]",
  args: { ...networkArg, ...formatArg },
  async run(ctx, args) {
    const format = textOrJson(args.format);
    const info = await existing(ctx, args.network);
    const containers = Object.values(info.containers).map((c) => c.name).sort();
    const document = { ID: info.id.slice(0, 12), Name: info.name, Driver: info.driver, Labels: info.labels, Containers: containers };
    if (format === "json") return void ctx.log.data(JSON.stringify(document));
    ctx.log.header(`${info.name} network information`);
    const rows: [string, string][] = [
      ["ID", document.ID],
      ["Name", info.name],
      ["Driver", info.driver],
      ["Labels", Object.entries(info.labels).map(([k, v]) => `${k}=${v}`).join(",")],
      ["Containers", containers.join(",")],
    ];
    for (const [key, value] of rows) ctx.log.detail(`${`${key}:`.padEnd(12)}${value}`);
  },
});

export const networkList = defineCommand({
  name: "network:list",
  description: "Lists all docker networks",
  usage: "[--format text|json]",
  args: formatArg,
  async run(ctx, args) {
    const format = textOrJson(args.format);
    const networks = (await (await ctx.docker()).listNetworks()).sort((a, b) => (a.name < b.name ? -1 : 1));
    if (format === "json") {
      const rows = networks.map((n) => ({ Driver: n.driver, ID: n.id.slice(0, 12), Labels: n.labels, Name: n.name }));
      return void ctx.log.data(JSON.stringify(rows));
    }
    ctx.log.header("Networks");
    for (const n of networks) ctx.log.data(n.name);
  },
});

/** Dokku's destructive-action prompt. */
async function confirm(ctx: Ctx, name: string): Promise<void> {
  // dokku-compat: Dokku's confirmation prompt and messages.
  ctx.log.warn("WARNING: Potentially Destructive Action");
  ctx.log.warn(`This command will destroy network ${name}.`);
  ctx.log.warn(`To proceed, type "${name}"`);
  ctx.io.stdout.write("> ");
  const answer = (await ctx.io.readLine()).trim().split(/\s+/)[0] ?? "";
  ctx.io.stdout.write("\n");
  if (answer !== name) throw new UserError("Confirmation did not match test. Aborted.");
}
