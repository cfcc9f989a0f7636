import { appArg, globalArg } from "../../src/cli/shared-args.ts";
import { withAppLock } from "../../src/core/app-lock.ts";
import type { Ctx } from "../../src/core/context.ts";
import { SilentExit, UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { setPropertyCommand } from "../../src/core/property-command.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { defineReportCommand } from "../../src/core/report-command.ts";
import { containerAddress, liveContainers } from "./containers.ts";
import { listeners, writeAddress } from "./files.ts";
import { networkProperty } from "./properties.ts";
import { LISTENER, NETWORK, NETWORK_NAME, NetworkProps, SETTABLE, networkList } from "./schema.ts";

export const networkSet = defineCommand({
  name: "network:set",
  description: "Set or clear a network property for an app",
  usage: "<app>|--global <key> [<value>...]",
  args: { ...appArg, ...globalArg },
  async run(ctx, args) {
    const positionals = args._.map(String);
    const [key = "", ...values] = args.global ? positionals : positionals.slice(1);
    // Several networks may be given as separate words; they are stored comma-joined.
    const value = values.join(",");
    if (value !== "") await validate(ctx, key, value);
    const scopeArgs = args.global ? [] : positionals.slice(0, 1);
    await setPropertyCommand(ctx, NETWORK, [...scopeArgs, key, value], Boolean(args.global), SETTABLE);
  },
});

async function validate(ctx: Ctx, key: string, value: string): Promise<void> {
  if (key === NetworkProps.bindAllInterfaces && value !== "true" && value !== "false") {
    throw new UserError(`Invalid value for ${key}: ${value} (true or false)`);
  }
  if (key === NetworkProps.staticWebListener && !LISTENER.test(value)) throw new UserError(`Invalid static-web-listener: ${value} (expected host:port)`);
  if (key === NetworkProps.tld && !/^[a-z0-9][a-z0-9.-]*$/.test(value)) throw new UserError(`Invalid tld: ${value}`);
  if (key === NetworkProps.attachPostCreate || key === NetworkProps.attachPostDeploy || key === NetworkProps.initialNetwork) {
    const names = networkList(value);
    if (key === NetworkProps.initialNetwork && names.length !== 1) throw new UserError("Only one initial-network may be specified");
    const docker = await ctx.docker();
    for (const name of names) {
      if (!NETWORK_NAME.test(name)) throw new UserError(`Invalid network name: ${name}`);
      if (!(await docker.inspectNetwork(name))) throw new UserError(`Network ${name} does not exist`);
    }
  }
}

/**
 * Rewrites the IP files of the app's live containers from docker (after a daemon restart or a
 * reboot IPs change). Returns how many containers had no address.
 */
async function rebuildApp(ctx: Ctx, app: string): Promise<number> {
  return withAppLock(ctx, app, "network:rebuild", "waiting", async () => {
    const docker = await ctx.docker();
    const initial = await networkProperty(ctx, app, NetworkProps.initialNetwork);
    const fixed = await networkProperty(ctx, app, NetworkProps.staticWebListener);
    let failed = 0;
    for (const dyno of await liveContainers(ctx, app)) {
      const ip = dyno.type === "web" && fixed ? "127.0.0.1" : await containerAddress(docker, dyno.id, initial);
      if (!ip) {
        ctx.log.warn(`No IP address for ${app}.${dyno.type}.${dyno.index} (${dyno.id.slice(0, 12)}): is it running?`);
        failed++;
        continue;
      }
      await writeAddress(ctx, app, "IP", dyno.type, String(dyno.index), ip);
    }
    return failed;
  });
}

export const networkRebuild = defineCommand({
  name: "network:rebuild",
  description: "Rebuilds network settings for an app",
  usage: "<app>",
  args: appArg,
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    // dokku-compat: exits with the number of containers whose address could not be read.
    const failed = await rebuildApp(ctx, app);
    if (failed > 0) throw new SilentExit(Math.min(failed, 125));
  },
});

export const networkRebuildall = defineCommand({
  name: "network:rebuildall",
  description: "Rebuild network settings for all apps",
  async run(ctx) {
    let failed = 0;
    for (const app of await ctx.apps.list()) failed += await rebuildApp(ctx, app);
    if (failed > 0) throw new SilentExit(Math.min(failed, 125));
  },
});

const COMPUTED = [NetworkProps.attachPostCreate, NetworkProps.attachPostDeploy, NetworkProps.bindAllInterfaces, NetworkProps.initialNetwork, NetworkProps.tld];

export const networkReport = defineReportCommand({
  plugin: NETWORK,
  async values(ctx, app) {
    const out: Record<string, string> = {};
    for (const key of COMPUTED) {
      out[`--network-${key}`] = (await ctx.props.get(NETWORK, app, key)) ?? "";
      out[`--network-computed-${key}`] = await networkProperty(ctx, app, key);
      out[`--network-global-${key}`] = (await ctx.props.get(NETWORK, GLOBAL, key)) ?? "";
    }
    out["--network-static-web-listener"] = (await ctx.props.get(NETWORK, app, NetworkProps.staticWebListener)) ?? "";
    const fixed = out["--network-static-web-listener"];
    out["--network-web-listeners"] = fixed || (await listeners(ctx, app, "web")).join(" ");
    return out;
  },
  async globalValues(ctx) {
    const out: Record<string, string> = {};
    for (const key of COMPUTED) out[`--network-global-${key}`] = (await ctx.props.get(NETWORK, GLOBAL, key)) ?? "";
    return out;
  },
});
