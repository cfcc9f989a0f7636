import type { ArgsDef } from "citty";
import type { Ctx } from "../../src/core/context.ts";
import { contextWithEnv } from "../../src/core/create-context.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { parseRunArgs } from "./options.ts";
import { RUN_ENV } from "./schema.ts";

// For help only: run's argv is parsed by parseRunArgs (flags before the app, the command after).
const runArgs = {
  app: { type: "positional", description: "App name", required: false },
  env: { type: "string", alias: "e", description: "KEY=VALUE for the container (repeatable)", valueHint: "KEY=VALUE" },
  "no-tty": { type: "boolean", description: "Never allocate a TTY" },
  "force-tty": { type: "boolean", description: "Allocate a TTY even without a terminal" },
  "ttl-seconds": { type: "string", description: "Seconds before run:retire stops the container (default 86400)", valueHint: "SECONDS" },
} as const satisfies ArgsDef;

const USAGE = "[-e|--env KEY=VALUE]... [--no-tty|--force-tty] [--ttl-seconds SECONDS] <app> [--] [<cmd>...]";

export const runDefault = oneOff("run", "Run a command in a new container using the current app image", false);
export const runDetached = oneOff("run:detached", "Run a command in a new detached container using the current app image", true);

function oneOff(name: string, description: string, detached: boolean) {
  return defineCommand({
    name,
    description,
    usage: USAGE,
    args: runArgs,
    verbatimArgs: true,
    trailingCommand: true,
    async run(ctx, _args, raw) {
      const options = parseRunArgs(raw, raw.includes("--app") ? undefined : ctx.flags.app);
      const app = await ctx.apps.verify(options.app);
      const scheduler = (await ctx.triggers.query("scheduler-detect", app)).trim() || "docker-local";
      const env: Record<string, string> = { [RUN_ENV.removeContainer]: "1", [RUN_ENV.globalFlags]: leadingFlags(ctx, raw) };
      if (detached) env[RUN_ENV.detach] = "1";
      // dokku-compat: run:detached has no TTY unless forced, as Dokku's CommandDetached.
      if (options.noTty || (detached && !options.forceTty)) env[RUN_ENV.disableTty] = "1";
      if (options.forceTty) env[RUN_ENV.forceTty] = "1";
      if (options.ttlSeconds !== undefined) env[RUN_ENV.ttlSeconds] = String(options.ttlSeconds);
      const pairs = options.env.map(([key, value]) => `${key}=${value}`);
      await contextWithEnv(ctx, env).triggers.notify("scheduler-run", scheduler, app, String(pairs.length), ...pairs, "--", ...options.command);
    },
  });
}

/**
 * The global flags given before the command name (`dokku --label=k=v run ...`): the dispatcher
 * collects every `--` word anywhere, so those of the container's own command line are taken out.
 */
function leadingFlags(ctx: Ctx, raw: readonly string[]): string {
  const own = [...raw];
  return ctx.flags.list
    .split(/\s+/)
    .filter((flag) => {
      const i = own.indexOf(flag);
      if (i < 0) return flag !== "";
      own.splice(i, 1);
      return false;
    })
    .join(" ");
}
