import { parseArgs, type ArgsDef } from "citty";
import type { Ctx } from "../core/context.ts";
import type { AnyDokkuCommand } from "../core/plugin.ts";
import { renderCommandHelp } from "./help.ts";

/** Parses a core or module command's argv with citty and runs it; returns the exit code. */
export async function runCommand(ctx: Ctx, command: AnyDokkuCommand, rawArgs: string[]): Promise<number> {
  if (rawArgs.includes("--help")) {
    ctx.log.data(renderCommandHelp(command));
    return 0;
  }
  const args = parseArgs(rawArgs, (command.args ?? {}) as ArgsDef);
  const code = await command.run(ctx, args, rawArgs);
  return typeof code === "number" ? code : 0;
}
