import { appArg } from "../../src/cli/shared-args.ts";
import type { Ctx } from "../../src/core/context.ts";
import { DokkuError, UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { DEFAULT_LINES } from "./schema.ts";

export const logsDefault = defineCommand({
  name: "logs",
  description: "Display recent log output",
  usage: "<app> [-t|--tail] [-n|--num N] [-q|--quiet] [-p|--ps <process-type>]",
  args: {
    ...appArg,
    tail: { type: "boolean", alias: "t", description: "Follow the output until interrupted" },
    num: { type: "string", alias: "n", description: "Lines to show (default 100, 0 for all)", valueHint: "N" },
    quiet: { type: "boolean", alias: "q", description: "Raw lines, without timestamps and names" },
    ps: { type: "string", alias: "p", description: "Only this process type", valueHint: "TYPE" },
  },
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    const num = parseNum(args.num);
    const type = args.ps ?? "";
    if (args.ps !== undefined && !/^[A-Za-z0-9_-]{1,63}$/.test(type)) throw new UserError(`Invalid process type ${JSON.stringify(type)}`);
    const scheduler = await schedulerOf(ctx, app);
    // dokku-compat: Dokku's wording.
    if (!(await isDeployed(ctx, scheduler, app))) throw new UserError(`App ${app} has not been deployed`);
    // `--quiet` anywhere is a global flag to the dispatcher; for logs it also means raw lines.
    const quiet = Boolean(args.quiet) || ctx.flags.quiet;
    await ctx.triggers.notify("scheduler-logs", scheduler, app, type, String(Boolean(args.tail)), String(quiet), String(num));
  },
});

export const logsFailed = defineCommand({
  name: "logs:failed",
  description: "Shows the last failed deploy logs",
  usage: "--all|<app>",
  args: { ...appArg, all: { type: "boolean", description: "Every app" } },
  async run(ctx, args) {
    if (!args.all && !args.app) {
      // dokku-compat: Dokku's warning here says "Restore specified without app".
      ctx.log.warn("logs:failed specified without app, assuming --all");
    }
    const apps = args.all || !args.app ? await ctx.apps.list() : [await ctx.apps.verify(args.app)];
    if (apps.length === 0) return void ctx.log.warn("You haven't deployed any applications yet");
    for (const app of apps) {
      ctx.log.header(`${app} failed deploy logs`);
      await ctx.triggers.notify("scheduler-logs-failed", await schedulerOf(ctx, app), app);
    }
  },
});

/** `-n`: a whole number of lines, 0 for all. */
function parseNum(text: string | undefined): number {
  if (text === undefined) return DEFAULT_LINES;
  if (!/^[0-9]+$/.test(text)) throw new UserError(`Invalid --num value ${JSON.stringify(text)}: expected a whole number of lines`);
  return Number(text);
}

async function schedulerOf(ctx: Ctx, app: string): Promise<string> {
  return (await ctx.triggers.query("scheduler-detect", app)).trim() || "docker-local";
}

/** Dokku's IsDeployed: `scheduler-is-deployed` exits 0 (a scheduler that does not answer it counts as deployed). */
async function isDeployed(ctx: Ctx, scheduler: string, app: string): Promise<boolean> {
  try {
    await ctx.triggers.query("scheduler-is-deployed", scheduler, app);
    return true;
  } catch (error) {
    if (error instanceof DokkuError) return false;
    throw error;
  }
}
