import type { Ctx } from "../core/context.ts";
import { ExitError, SilentExit, UserError } from "../core/errors.ts";

const USAGE = "Usage: plugn trigger <trigger> [<args>...]";

/**
 * `plugn`, as Dokku's plugins call it: `plugn trigger NAME ARGS...` runs every implementation on
 * the binary's trigger bus (core handlers in-process, enabled executables in name order), each
 * with plugn's stdin, output streamed, exit 0 when nothing implements NAME, and the first
 * failing implementation's exit code passed on. It runs as its caller, so the dokku user can
 * use it. Managing plugins is `dokku plugin:*`: plugn's other subcommands are refused.
 */
export async function runPlugn(ctx: Ctx, argv: readonly string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "trigger") return trigger(ctx, rest);
  if (sub === "version") return void ctx.io.stdout.write(`${ctx.version}\n`), 0;
  if (sub === undefined || sub === "help" || sub === "--help" || sub === "-h") {
    ctx.io.stdout.write(`${USAGE}\n`);
    return sub === undefined ? 1 : 0;
  }
  // dokku-compat: plugn's install/update/enable/... belong to `dokku plugin:*` here.
  throw new UserError(`plugn ${sub} is not supported: use 'dokku plugin:${sub}'`);
}

async function trigger(ctx: Ctx, args: readonly string[]): Promise<number> {
  const [name, ...rest] = args;
  if (!name) throw new UserError(USAGE);
  if (!/^[A-Za-z0-9_.-]+$/.test(name) || name.startsWith(".")) throw new UserError(`Invalid trigger name: ${name}`);
  try {
    await ctx.triggers.fire(name, rest, { stream: true, stdinFd: 0 });
  } catch (error) {
    if (error instanceof ExitError) throw new SilentExit(error.exitCode);
    throw error;
  }
  return 0;
}
