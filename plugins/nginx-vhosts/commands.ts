import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { appArg } from "../../src/cli/shared-args.ts";
import type { Ctx } from "../../src/core/context.ts";
import { SilentExit, UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { defineSetCommand } from "../../src/core/property-command.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { defineReportCommand } from "../../src/core/report-command.ts";
import { brokenInHost, buildConfig, configFile, failingAlone, withReloadLock } from "./build.ts";
import { computedProps } from "./facts.ts";
import { nginxHost, serviceArgv } from "./host.ts";
import { reloadNginx } from "./reload.ts";
import { NGINX, type NginxProperty, PROPERTY_NAMES, PROPERTY_RULES, SETTABLE } from "./schema.ts";
import { testHost } from "./validate.ts";

export const nginxBuildConfig = defineCommand({
  name: "nginx:build-config",
  description: "(Re)builds nginx config for given app",
  usage: "<app>",
  args: appArg,
  async run(ctx, args) {
    await buildConfig(ctx, await ctx.apps.verify(args.app));
  },
});

export const nginxShowConfig = defineCommand({
  name: "nginx:show-config",
  description: "Display app nginx config",
  usage: "<app>",
  args: appArg,
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    // dokku-compat: Dokku's message.
    if (!existsSync(configFile(ctx, app))) throw new UserError(`No nginx.conf exists for ${app}`);
    ctx.io.stdout.write(await readFile(configFile(ctx, app)));
  },
});

export const nginxValidateConfig = defineCommand({
  name: "nginx:validate-config",
  description: "Validates and optionally cleans up invalid nginx configurations",
  usage: "[<app>] [--clean]",
  args: { ...appArg, clean: { type: "boolean", description: "Remove the configs that fail" } },
  async run(ctx, args) {
    const host = nginxHost(ctx.env);
    const apps = args.app ? [await ctx.apps.verify(args.app)] : await ctx.apps.list();
    // A config that fails on its own may only name what the host defines (a log_format): while the
    // host config passes, every config in it is valid where it is used.
    const whole = await testHost(ctx, host);
    if (whole.ok) return;
    const suspects = await failingAlone(ctx, host, apps);
    if (!args.clean) {
      // Without changing anything: the suspects nginx names when it reads the host config (it stops
      // at the first error), else every one that fails on its own.
      const named = suspects.filter(({ file }) => whole.output.includes(`${file}:`));
      for (const { app, output } of named.length > 0 ? named : suspects) {
        ctx.log.warn(`Invalid nginx config of ${app}:`);
        ctx.log.stderr(output);
      }
      ctx.log.stderr(whole.output);
      throw new SilentExit(1);
    }
    await withReloadLock(ctx, async () => {
      for (const { app, file, output } of await brokenInHost(ctx, host, suspects)) {
        ctx.log.warn(`Invalid nginx config of ${app}:`);
        ctx.log.stderr(output);
        ctx.log.step(`Removing invalid nginx config of ${app}`);
        await rm(file, { force: true });
      }
      const after = await testHost(ctx, host);
      if (!after.ok) {
        ctx.log.stderr(after.output);
        throw new SilentExit(1);
      }
      await reloadNginx(ctx, host, (await computedProps(ctx, undefined, host.logRoot))["nginx-service-command"]);
    });
  },
});

function logsCommand(kind: "access" | "error") {
  return defineCommand({
    name: `nginx:${kind}-logs`,
    description: `Show the nginx ${kind} logs for an application (-t follows)`,
    usage: "<app> [-t]",
    args: { ...appArg, t: { type: "boolean", description: "Follow the log" } },
    async run(ctx, args) {
      const app = await ctx.apps.verify(args.app);
      const host = nginxHost(ctx.env);
      const path = (await computedProps(ctx, app, host.logRoot))[`${kind}-log-path`];
      // dokku-compat: Dokku's message.
      if (path === "off" || path === "/dev/null") throw new UserError(`${kind === "access" ? "Access" : "Error"} logs are disabled for this app`);
      const argv: [string, ...string[]] = args.t ? ["tail", "-F", "--", path] : ["tail", "-n", "20", "--", path];
      const result = await ctx.exec(argv, { stdout: "inherit", stderr: "inherit", check: false });
      return result.code;
    },
  });
}

export const nginxAccessLogs = logsCommand("access");
export const nginxErrorLogs = logsCommand("error");

function serviceCommand(action: "start" | "stop" | "reload") {
  return defineCommand({
    name: `nginx:${action}`,
    description: `${action[0]!.toUpperCase()}${action.slice(1)}s the nginx server`,
    async run(ctx) {
      const host = nginxHost(ctx.env);
      if (action === "reload") return reloadNginx(ctx, host, (await computedProps(ctx, undefined, host.logRoot))["nginx-service-command"]);
      await ctx.exec(serviceArgv(host, action), { stdout: "inherit", stderr: "inherit" });
    },
  });
}

export const nginxStart = serviceCommand("start");
export const nginxStop = serviceCommand("stop");
export const nginxReload = serviceCommand("reload");

export const nginxSet = defineSetCommand({
  plugin: NGINX,
  description: "Set or clear an nginx property for an app",
  settable: SETTABLE,
  validate(key, value) {
    const rule = PROPERTY_RULES[key as NginxProperty];
    if (rule && !rule.pattern.test(value)) throw new UserError(`Invalid value for ${key}: ${value} (expected ${rule.hint})`);
  },
});

async function reportValues(ctx: Ctx, app: string | undefined): Promise<Record<string, string>> {
  const host = nginxHost(ctx.env);
  const computed = await computedProps(ctx, app, host.logRoot);
  const out: Record<string, string> = {};
  for (const name of PROPERTY_NAMES) {
    out[`--nginx-global-${name}`] = (await ctx.props.get(NGINX, GLOBAL, name)) ?? "";
    if (app === undefined) continue;
    out[`--nginx-${name}`] = (await ctx.props.get(NGINX, app, name)) ?? "";
    out[`--nginx-computed-${name}`] = computed[name];
  }
  return out;
}

export const nginxReport = defineReportCommand({
  plugin: "nginx",
  values: (ctx, app) => reportValues(ctx, app),
  globalValues: (ctx) => reportValues(ctx, undefined),
});
