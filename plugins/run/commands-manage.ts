import { appArg, formatArg } from "../../src/cli/shared-args.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { LABELS } from "../../src/docker/labels.ts";

const containerArg = { container: { type: "string", description: "A run container's name", valueHint: "NAME" } } as const;

export const runList = defineCommand({
  name: "run:list",
  description: "List all run containers for an app",
  usage: "[--format stdout|json] <app>",
  args: { ...appArg, ...formatArg },
  async run(ctx, args) {
    const format = args.format ?? "stdout";
    if (!["stdout", "json"].includes(format)) throw new UserError(`Invalid --format value specified: ${format}`);
    const app = await ctx.apps.verify(args.app);
    await ctx.triggers.notify("scheduler-run-list", await schedulerOf(ctx, app), app, format);
  },
});

export const runLogs = defineCommand({
  name: "run:logs",
  description: "Display recent log output for run containers",
  usage: "<app>|--container <name> [-t|--tail] [-n|--num N] [-q|--quiet]",
  args: {
    ...appArg,
    ...containerArg,
    tail: { type: "boolean", alias: "t", description: "Follow the output" },
    num: { type: "string", alias: "n", description: "Lines per container (default 100, 0 for all)", valueHint: "N" },
    quiet: { type: "boolean", alias: "q", description: "Raw lines, without timestamps and names" },
  },
  async run(ctx, args) {
    const num = parseNum(args.num);
    const { app, container } = await appAndContainer(ctx, args.app, args.container);
    const quiet = Boolean(args.quiet) || ctx.flags.quiet;
    await ctx.triggers.notify("scheduler-run-logs", await schedulerOf(ctx, app), app, container ?? "", String(Boolean(args.tail)), String(quiet), String(num));
  },
});

export const runStop = defineCommand({
  name: "run:stop",
  description: "Stops all run containers for an app or a specified run container",
  usage: "<app>|--container <name>",
  args: { ...appArg, ...containerArg },
  async run(ctx, args) {
    const { app, container } = await appAndContainer(ctx, args.app, args.container);
    await ctx.triggers.notify("scheduler-run-stop", await schedulerOf(ctx, app), app, container);
  },
});

export const runRetire = defineCommand({
  name: "run:retire",
  description: "Stops run containers that outlived their --ttl-seconds (all apps, or one)",
  usage: "[<app>]",
  args: appArg,
  async run(ctx, args) {
    const app = args.app ? await ctx.apps.verify(args.app) : undefined;
    await ctx.triggers.notify("scheduler-run-retire", await schedulerOf(ctx, app ?? "--global"), app);
  },
});

async function schedulerOf(ctx: Ctx, scope: string): Promise<string> {
  return (await ctx.triggers.query("scheduler-detect", scope)).trim() || "docker-local";
}

/** `-n`: a whole number of lines, 0 for all (default 100). */
export function parseNum(text: string | undefined): number {
  if (text === undefined) return 100;
  if (!/^[0-9]+$/.test(text)) throw new UserError(`Invalid --num value ${JSON.stringify(text)}: expected a whole number of lines`);
  return Number(text);
}

/**
 * The app, and the container when `--container` names one. Without an app the container's own
 * `com.dokku.app-name` label says whose it is (names are never parsed).
 */
async function appAndContainer(ctx: Ctx, appName: string | undefined, container: string | undefined): Promise<{ app: string; container?: string }> {
  if (container === "") throw new UserError("--container requires a container name");
  if (appName || container === undefined) {
    // dokku-compat: Dokku's wording when neither is given.
    if (!appName && container === undefined) throw new UserError("No container or app specified");
    return { app: await ctx.apps.verify(appName), container };
  }
  const info = await (await ctx.docker()).inspectContainer(container);
  const owner = info?.labels[LABELS.app];
  if (!owner) throw new UserError(`No run container named ${container} found`);
  return { app: await ctx.apps.verify(owner), container };
}
