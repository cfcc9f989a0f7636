import { appArg, globalArg } from "../../src/cli/shared-args.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { setPropertyCommand } from "../../src/core/property-command.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { defineReportCommand } from "../../src/core/report-command.ts";
import { PROXY, PROXY_TYPE, ProxyProps, SETTABLE } from "./schema.ts";
import { appsFor, inParallel, proxyEnabled, proxyType } from "./state.ts";

const allArg = { all: { type: "boolean", description: "Apply to every app" } } as const;

export const proxyEnable = defineCommand({
  name: "proxy:enable",
  description: "Enable proxy for an app",
  usage: "[--all|<app>]",
  args: { ...appArg, ...allArg },
  async run(ctx, args) {
    for (const app of await appsFor(ctx, Boolean(args.all), args.app)) {
      // dokku-compat: Dokku's messages.
      if (await proxyEnabled(ctx, app)) {
        ctx.log.step("Proxy is already enabled for app");
        continue;
      }
      ctx.log.step("Enabling proxy for app");
      await ctx.props.del(PROXY, app, ProxyProps.disabled);
      await ctx.triggers.notify("proxy-enable", app);
    }
  },
});

export const proxyDisable = defineCommand({
  name: "proxy:disable",
  description: "Disable proxy for an app",
  usage: "[--all|<app>]",
  args: { ...appArg, ...allArg },
  async run(ctx, args) {
    for (const app of await appsFor(ctx, Boolean(args.all), args.app)) {
      if (!(await proxyEnabled(ctx, app))) {
        ctx.log.step("Proxy is already disabled for app");
        continue;
      }
      ctx.log.step("Disabling proxy for app");
      await ctx.props.set(PROXY, app, ProxyProps.disabled, "true");
      await ctx.triggers.notify("proxy-disable", app);
    }
  },
});

const parallelArgs = {
  ...appArg,
  ...allArg,
  parallel: { type: "string", description: "Number of apps to build at once (-1: one per CPU)" },
} as const;

function parallelism(value: string | undefined): number {
  if (value === undefined || value === "") return 1;
  if (!/^-?\d+$/.test(value) || Number(value) === 0 || Number(value) < -1) throw new UserError(`Invalid --parallel value: ${value}`);
  return Number(value) === -1 ? 4 : Number(value);
}

export const proxyBuildConfig = defineCommand({
  name: "proxy:build-config",
  description: "(Re)builds proxy config for a given app",
  usage: "[--parallel count] [--all|<app>]",
  args: parallelArgs,
  async run(ctx, args) {
    const apps = await appsFor(ctx, Boolean(args.all), args.app);
    await inParallel(apps, parallelism(args.parallel), (app) => ctx.triggers.notify("proxy-build-config", app));
  },
});

export const proxyClearConfig = defineCommand({
  name: "proxy:clear-config",
  description: "Clears the proxy config for a given app",
  usage: "[--all|<app>]",
  args: { ...appArg, ...allArg },
  async run(ctx, args) {
    for (const app of await appsFor(ctx, Boolean(args.all), args.app)) await ctx.triggers.notify("proxy-clear-config", app);
  },
});

export const proxySet = defineCommand({
  name: "proxy:set",
  description: "Set a proxy property (or, with one value, the proxy type) for an app",
  usage: "<app>|--global <proxy-type>|<key> [<value>]",
  args: { ...appArg, ...globalArg },
  async run(ctx, args) {
    let positionals = args._.map(String);
    const rest = args.global ? positionals : positionals.slice(1);
    const [key = "", value = ""] = rest;
    // dokku-compat: Dokku's refusal of `proxy:set APP 80:5000`.
    if (key.includes(":")) throw new UserError("Detected potential port mapping instead of proxy type\nConsider using ports:set command or specifying a valid proxy");
    if (key !== "" && !(SETTABLE.keys as readonly string[]).includes(key) && rest.length === 1) {
      positionals = [...positionals.slice(0, args.global ? 0 : 1), ProxyProps.type, key]; // legacy `proxy:set APP TYPE`
    }
    const effective = args.global ? positionals : positionals.slice(1);
    validate(effective[0] ?? "", effective[1] ?? "");
    const written = await setPropertyCommand(ctx, PROXY, positionals, Boolean(args.global), SETTABLE);
    if (written.scope !== GLOBAL && written.key !== ProxyProps.type) await ctx.triggers.notify("post-proxy-ports-update", written.scope, "set");
  },
});

function validate(key: string, value: string): void {
  if (value === "") return;
  if (key === ProxyProps.type && !PROXY_TYPE.test(value)) throw new UserError(`Invalid proxy type: ${value}`);
  if ((key === ProxyProps.port || key === ProxyProps.sslPort) && !(/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 65535)) {
    throw new UserError(`Invalid ${key}: ${value} (expected a port between 1 and 65535)`);
  }
}

export const proxyReport = defineReportCommand({ plugin: PROXY, values: appValues, globalValues });

async function appValues(ctx: Ctx, app: string): Promise<Record<string, string>> {
  const get = async (scope: string, key: string) => (await ctx.props.get(PROXY, scope, key)) ?? "";
  const port = async (key: string) => (await ctx.triggers.query("ports-get-property", app, key)).trim();
  return {
    "--proxy-enabled": String(await proxyEnabled(ctx, app)),
    "--proxy-computed-type": await proxyType(ctx, app),
    "--proxy-global-type": await get(GLOBAL, ProxyProps.type),
    "--proxy-type": await get(app, ProxyProps.type),
    "--proxy-computed-proxy-port": await port(ProxyProps.port),
    "--proxy-global-proxy-port": await get(GLOBAL, ProxyProps.port),
    "--proxy-proxy-port": await get(app, ProxyProps.port),
    "--proxy-computed-proxy-ssl-port": await port(ProxyProps.sslPort),
    "--proxy-global-proxy-ssl-port": await get(GLOBAL, ProxyProps.sslPort),
    "--proxy-proxy-ssl-port": await get(app, ProxyProps.sslPort),
  };
}

async function globalValues(ctx: Ctx): Promise<Record<string, string>> {
  const get = async (key: string) => (await ctx.props.get(PROXY, GLOBAL, key)) ?? "";
  return {
    "--proxy-global-type": await get(ProxyProps.type),
    "--proxy-global-proxy-port": await get(ProxyProps.port),
    "--proxy-global-proxy-ssl-port": await get(ProxyProps.sslPort),
  };
}
