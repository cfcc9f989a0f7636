import { appArg, formatArg } from "../../src/cli/shared-args.ts";
import { withAppLock } from "../../src/core/app-lock.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { defineSetCommand } from "../../src/core/property-command.ts";
import { forEachApp } from "./each-app.ts";
import { formatScale, readFormation } from "./formation.ts";
import { restartApp, restoreApp, startApp, stopApp } from "./lifecycle.ts";
import { isValidProcessType } from "./procfile.ts";
import { scaleApp } from "./scale.ts";
import { PS, PsProps, SETTABLE, isValidRestartPolicy } from "./schema.ts";
import { psProperty, schedulerOf } from "./state.ts";

const allArgs = {
  ...appArg,
  all: { type: "boolean", description: "Run on every app" },
  parallel: { type: "string", description: "Apps to process at once (-1: one per CPU)", valueHint: "N" },
} as const;

export const psScale = defineCommand({
  name: "ps:scale",
  description: "Get or set how many instances of a given process to run",
  usage: "[--skip-deploy] [--format stdout|json] <app> [<proc>=<count>...]",
  args: { ...appArg, ...formatArg, "skip-deploy": { type: "boolean", description: "Only record the new formation" } },
  async run(ctx, args) {
    const [appName, ...tuples] = args._.map(String);
    const app = await ctx.apps.verify(appName);
    if (args.format !== undefined && !["stdout", "json"].includes(args.format)) throw new UserError(`Invalid --format value specified: ${args.format}`);
    if (tuples.length === 0) return printScale(ctx, app, args.format === "json");
    if ((await psProperty(ctx, app, PsProps.canScale)) === "false") {
      // dokku-compat: Dokku's wording.
      throw new UserError(`App ${app} contains an app.json file with a formations key and cannot be manually scaled`);
    }
    ctx.log.step(`Scaling ${app} processes: ${tuples.join(" ")}`);
    await scaleApp(ctx, app, tuples, { skipDeploy: Boolean(args["skip-deploy"]), clearExisting: false, checkProcfile: true });
  },
});

async function printScale(ctx: Ctx, app: string, json: boolean): Promise<void> {
  const lines = formatScale(await readFormation(ctx, app)).map((line) => line.split("="));
  if (json) return void ctx.log.data(JSON.stringify(lines.map(([type, n]) => ({ process_type: type, quantity: Number(n) }))));
  ctx.log.step(`Scaling for ${app}`);
  if (!ctx.log.quiet) {
    ctx.log.data("proctype: qty");
    ctx.log.data("--------: ---");
  }
  for (const [type = "", n] of lines) ctx.log.data(`${`${type}:`.padEnd(9)} ${n}`);
}

export const psStart = defineCommand({
  name: "ps:start",
  description: "Start an app",
  usage: "[--parallel N] --all|<app>",
  args: allArgs,
  async run(ctx, args) {
    await forEachApp(ctx, "ps:start", { all: Boolean(args.all), app: args.app, parallel: args.parallel }, (app) => startApp(ctx, app));
  },
});

export const psStop = defineCommand({
  name: "ps:stop",
  description: "Stop an app",
  usage: "[--parallel N] --all|<app>",
  args: allArgs,
  async run(ctx, args) {
    await forEachApp(ctx, "ps:stop", { all: Boolean(args.all), app: args.app, parallel: args.parallel }, (app) => stopApp(ctx, app));
  },
});

export const psRestart = defineCommand({
  name: "ps:restart",
  description: "Restart an app",
  usage: "[--parallel N] --all|<app> [<process-type>]",
  args: allArgs,
  async run(ctx, args) {
    const type = args._.map(String)[args.all ? 0 : 1];
    if (type !== undefined && !isValidProcessType(type)) throw new UserError(`Invalid process type ${type}`);
    await forEachApp(ctx, "ps:restart", { all: Boolean(args.all), app: args.app, parallel: args.parallel }, async (app) => {
      if (type !== undefined && !(await readFormation(ctx, app)).has(type)) throw new UserError(`Invalid process type specified (${app}.${type})`);
      await restartApp(ctx, app, type);
    });
  },
});

export const psRebuild = defineCommand({
  name: "ps:rebuild",
  description: "Rebuild an app from its source",
  usage: "[--parallel N] --all|<app>",
  args: allArgs,
  async run(ctx, args) {
    await forEachApp(ctx, "ps:rebuild", { all: Boolean(args.all), app: args.app, parallel: args.parallel }, async (app) => {
      const hasCode = (await ctx.triggers.query("git-has-code", app)).trim() === "true";
      if (!hasCode) return void ctx.log.warn(`App ${app} has not been deployed`);
      await ctx.triggers.notify("receive-app", app);
    });
  },
});

export const psRestore = defineCommand({
  name: "ps:restore",
  description: "Start every app that was running before a reboot (or one app)",
  usage: "[--parallel N] [<app>]",
  args: { ...appArg, parallel: allArgs.parallel },
  async run(ctx, args) {
    const scheduler = await schedulerOf(ctx, "--global");
    await ctx.triggers.notify("scheduler-pre-restore", scheduler);
    await forEachApp(ctx, "ps:restore", { all: !args.app, app: args.app, parallel: args.parallel }, (app) => restoreApp(ctx, app));
  },
});

export const psSet = defineSetCommand({
  plugin: PS,
  description: "Set or clear a ps property for an app",
  settable: SETTABLE,
  validate(key, value) {
    if (key === PsProps.restartPolicy && !isValidRestartPolicy(value)) {
      throw new UserError(`Invalid restart-policy specified: ${value} (valid: no, always, unless-stopped, on-failure, on-failure:N)`);
    }
    if (key === PsProps.stopTimeoutSeconds && !/^[0-9]+$/.test(value)) {
      throw new UserError(`Invalid stop-timeout-seconds specified: ${value} (a whole number of seconds)`);
    }
    if (key === PsProps.skipDeploy && value !== "true" && value !== "false") {
      throw new UserError(`Invalid skip-deploy specified: ${value} (true or false)`);
    }
    if (key === PsProps.procfilePath && (value.startsWith("/") || value.split("/").includes(".."))) {
      throw new UserError(`Invalid procfile-path specified: ${value} (a path inside the app's source tree)`);
    }
  },
});

export const psInspect = defineCommand({
  name: "ps:inspect",
  description: "Displays a sanitized version of docker inspect for an app",
  usage: "<app>",
  args: appArg,
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    await ctx.triggers.notify("scheduler-inspect", await schedulerOf(ctx, app), app);
  },
});

export const psRetire = defineCommand({
  name: "ps:retire",
  description: "Ensures old containers are retired",
  usage: "[<app>]",
  args: appArg,
  async run(ctx, args) {
    const app = args.app ? await ctx.apps.verify(args.app) : undefined;
    const scheduler = await schedulerOf(ctx, app ?? "--global");
    if (app) await withAppLock(ctx, app, "ps:retire", "waiting", () => ctx.triggers.notify("scheduler-retire", scheduler, app));
    else await ctx.triggers.notify("scheduler-retire", scheduler);
  },
});
