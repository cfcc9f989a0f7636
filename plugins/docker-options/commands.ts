import type { ArgsDef } from "citty";
import { UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { parseOptions, parsePhases, parseProcessTypes } from "./options.ts";
import { DEFAULT_SCOPE, PHASES, type Phase } from "./schema.ts";
import { readOptions, writeOptions } from "./store.ts";

const processArg = {
  process: { type: "string", description: "Process type to scope the options to (deploy phase only; repeatable)", valueHint: "PROC" },
} as const satisfies ArgsDef;

/**
 * argv of the docker-options commands, parsed by hand: docker options are themselves
 * `--flags` (`"--ulimit nofile=12"`), so only `--process`/`--phase` are ours, wherever they stand.
 */
export function splitArgv(raw: readonly string[]): { processes: string[]; phase?: string; positionals: string[] } {
  const processes: string[] = [];
  const positionals: string[] = [];
  let phase: string | undefined;
  for (let i = 0; i < raw.length; i++) {
    const word = raw[i]!;
    if (word === "--process" || word === "--phase") {
      const value = raw[++i];
      if (value === undefined) throw new UserError(`${word} requires a value`);
      if (word === "--process") processes.push(value);
      else phase = value;
    } else if (word.startsWith("--process=")) processes.push(word.slice("--process=".length));
    else if (word.startsWith("--phase=")) phase = word.slice("--phase=".length);
    else positionals.push(word);
  }
  return { processes: parseProcessTypes(processes), phase, positionals };
}

/** `--process` is only meaningful for deploy (reference 7.5). */
function scopesFor(processes: readonly string[], phases: readonly Phase[]): string[] {
  if (processes.length === 0) return [DEFAULT_SCOPE];
  if (phases.some((p) => p !== "deploy")) throw new UserError("The --process flag is only supported for the deploy phase");
  return [...processes];
}

export const dockerOptionsAdd = defineCommand({
  name: "docker-options:add",
  description: "Add Docker option to app for phase",
  usage: "[--process PROC...] <app> <phase(s)> OPTION...",
  args: processArg,
  async run(ctx, _args, raw) {
    const { processes, positionals } = splitArgv(raw);
    const [appName, phaseText, ...optionArgs] = positionals;
    const app = await ctx.apps.verify(appName);
    const phases = parsePhases(phaseText);
    const options = parseOptions(optionArgs);
    for (const scope of scopesFor(processes, phases)) {
      for (const phase of phases) {
        const current = await readOptions(ctx, app, phase, scope);
        await writeOptions(ctx, app, phase, scope, [...current, ...options.filter((o) => !current.includes(o))]);
      }
    }
  },
});

export const dockerOptionsRemove = defineCommand({
  name: "docker-options:remove",
  description: "Remove Docker option from app for phase",
  usage: "[--process PROC...] <app> <phase(s)> OPTION...",
  args: processArg,
  async run(ctx, _args, raw) {
    const { processes, positionals } = splitArgv(raw);
    const [appName, phaseText, ...optionArgs] = positionals;
    const app = await ctx.apps.verify(appName);
    const phases = parsePhases(phaseText);
    const options = parseOptions(optionArgs);
    const plans: [Phase, string, string[]][] = [];
    for (const scope of scopesFor(processes, phases)) {
      for (const phase of phases) {
        const current = await readOptions(ctx, app, phase, scope);
        const missing = options.find((o) => !current.includes(o));
        if (missing !== undefined) throw new UserError(`Docker option ${missing} is not set for phase ${phase}${scope === DEFAULT_SCOPE ? "" : ` (process ${scope})`}`);
        plans.push([phase, scope, current.filter((o) => !options.includes(o))]);
      }
    }
    // Checked everything first, so a refused removal changes nothing.
    for (const [phase, scope, kept] of plans) await writeOptions(ctx, app, phase, scope, kept);
  },
});

export const dockerOptionsClear = defineCommand({
  name: "docker-options:clear",
  description: "Clear docker options from app",
  usage: "[--process PROC...] <app> [<phase(s)>]",
  args: processArg,
  async run(ctx, _args, raw) {
    const { processes, positionals } = splitArgv(raw);
    const [appName, phaseText] = positionals;
    const app = await ctx.apps.verify(appName);
    const phases = phaseText === undefined ? (processes.length > 0 ? (["deploy"] as Phase[]) : [...PHASES]) : parsePhases(phaseText);
    const scopes = scopesFor(processes, phases);
    // dokku-compat: Dokku's messages.
    if (phaseText === undefined && processes.length === 0) ctx.log.step(`Clearing docker-options for ${app} on all phases`);
    for (const scope of scopes) {
      for (const phase of phases) {
        if (phaseText !== undefined || processes.length > 0) {
          ctx.log.step(`Clearing docker-options for ${app} on phase ${phase}${scope === DEFAULT_SCOPE ? "" : ` (process ${scope})`}`);
        }
        await writeOptions(ctx, app, phase, scope, []);
      }
    }
  },
});

export const dockerOptionsList = defineCommand({
  name: "docker-options:list",
  description: "List docker options for one process+phase pair",
  usage: "<app> [--process PROC] --phase PHASE",
  args: { ...processArg, phase: { type: "string", description: "Phase to list: build, deploy or run", valueHint: "PHASE" } },
  async run(ctx, _args, raw) {
    const { processes, phase: phaseText, positionals } = splitArgv(raw);
    const app = await ctx.apps.verify(positionals[0]);
    if (positionals.length > 1) throw new UserError(`Unexpected argument: ${positionals[1]}`);
    if (phaseText === undefined) throw new UserError("Please specify a phase with --phase (build, deploy or run)");
    const phases = parsePhases(phaseText);
    if (phases.length !== 1) throw new UserError("docker-options:list takes a single phase");
    if (processes.length > 1) throw new UserError("docker-options:list takes a single --process");
    const [scope] = scopesFor(processes, phases);
    for (const option of await readOptions(ctx, app, phases[0]!, scope)) ctx.log.data(option);
  },
});
