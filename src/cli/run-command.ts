import { parseArgs, type ArgsDef, type ParsedArgs } from "citty";
import type { Ctx } from "../core/context.ts";
import type { AnyDokkuCommand } from "../core/plugin.ts";
import { renderCommandHelp } from "./help.ts";

/** Parses a core or module command's argv with citty and runs it; returns the exit code. */
export async function runCommand(ctx: Ctx, command: AnyDokkuCommand, rawArgs: string[]): Promise<number> {
  // Verbatim commands (plugin:trigger) and commands ending in a container's command line (run,
  // enter) hand their words on: only a leading flag asks for help.
  if (command.verbatimArgs || command.trailingCommand ? wantsHelp(rawArgs.slice(0, 1)) : wantsHelp(rawArgs)) {
    ctx.log.data(renderCommandHelp(command));
    return 0;
  }
  const def = (command.args ?? {}) as ArgsDef;
  // A container's command line is not ours to parse: `run APP grep -v --help` passes every word on.
  const args = command.trailingCommand ? ({ _: [...rawArgs] } as unknown as ParsedArgs<ArgsDef>) : restoreWords(parseArgs(protectDashWords(rawArgs, def), def));
  const code = await command.run(ctx, args, rawArgs);
  return typeof code === "number" ? code : 0;
}

/** `--help` or `-h` anywhere in a command's argv (Dokku's Go flag sets answer both). */
export function wantsHelp(rawArgs: readonly string[]): boolean {
  return rawArgs.includes("--help") || rawArgs.includes("-h");
}

// argv cannot contain NUL, so a NUL prefix marks words we shield from the flag parser.
const SHIELD = "\0";

/**
 * citty reads `-web` as the short flags -w -e -b and `-1` as a flag named 1, silently dropping
 * the word (`apps:create -web x` would create `x`). Single-dash words that are not declared
 * aliases are kept as values, so our validation sees and rejects them.
 */
export function protectDashWords(rawArgs: readonly string[], def: ArgsDef): string[] {
  const aliases = new Set<string>();
  for (const arg of Object.values(def)) if ("alias" in arg) for (const alias of [arg.alias ?? []].flat()) aliases.add(alias);
  const end = rawArgs.indexOf("--");
  return rawArgs.map((word, i) => {
    if (end >= 0 && i > end) return word;
    if (!/^-[^-]/.test(word) || [...word.slice(1)].every((c) => aliases.has(c))) return word;
    return SHIELD + word;
  });
}

function restoreWords<T extends Record<string, unknown>>(parsed: T): T {
  const restore = (value: unknown): unknown =>
    typeof value === "string" && value.startsWith(SHIELD) ? value.slice(SHIELD.length) : Array.isArray(value) ? value.map(restore) : value;
  for (const key of Object.keys(parsed)) (parsed as Record<string, unknown>)[key] = restore(parsed[key]);
  return parsed;
}
