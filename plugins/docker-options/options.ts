import { joinXargs, splitXargs } from "../../src/cli/ssh-command.ts";
import { UserError } from "../../src/core/errors.ts";
import { DEFAULT_SCOPE, PHASES, PROCESS_TYPE, type Phase } from "./schema.ts";

/** `build,deploy` -> phases, in the order given, without repeats. */
export function parsePhases(text: string | undefined): Phase[] {
  const out: Phase[] = [];
  for (const name of (text ?? "").split(",")) {
    // dokku-compat: Dokku's message for an unknown or missing phase.
    if (!(PHASES as readonly string[]).includes(name)) throw new UserError(`Phase(s) must be one of [${PHASES.join(" ")}]`);
    if (!out.includes(name as Phase)) out.push(name as Phase);
  }
  return out;
}

/** `--process` values: Procfile type names; `_default_` is the reserved default scope. */
export function parseProcessTypes(values: readonly string[]): string[] {
  for (const value of values) {
    if (value === DEFAULT_SCOPE) throw new UserError(`${DEFAULT_SCOPE} is reserved and cannot be passed to --process`);
    if (!PROCESS_TYPE.test(value)) throw new UserError(`Invalid process type: ${JSON.stringify(value)} (letters, digits, _ and -, at most 63)`);
  }
  return [...new Set(values)];
}

const NEGATIVE_NUMBER = /^-\d+(\.\d+)?$/;

/**
 * The docker options in argv words, split on flag boundaries and canonicalised with shell-word
 * rules, one stored entry per `--flag [value]` group: `"--ulimit nofile=12" "--shm-size 256m"`
 * and `"--label 'a b'"` become `--ulimit nofile=12`, `--shm-size 256m`, `--label 'a b'`.
 */
export function parseOptions(args: readonly string[]): string[] {
  const groups: string[][] = [];
  for (const arg of args) {
    if (/[\r\n]/.test(arg)) throw new UserError("Docker options must not contain newlines");
    for (const token of splitXargs(arg)) {
      const startsFlag = token.startsWith("-") && token !== "-" && !NEGATIVE_NUMBER.test(token);
      if (startsFlag || groups.length === 0) groups.push([token]);
      else groups[groups.length - 1]!.push(token);
    }
  }
  if (groups.length === 0) throw new UserError("No docker options specified");
  for (const group of groups) {
    const first = group[0]!;
    if (!first.startsWith("-") || first === "-") throw new UserError(`Invalid docker option: ${first} (options start with - or --)`);
  }
  return [...new Set(groups.map((group) => joinXargs(group)))];
}

/** The flag an option starts with, without its `=value` (`--restart=always` -> `--restart`). */
function flagOf(option: string): string {
  const first = splitXargs(option)[0] ?? "";
  const eq = first.indexOf("=");
  return eq > 0 ? first.slice(0, eq) : first;
}

// dokku-compat: builders that cannot take these flags never see them (reference 7.5).
const BUILD_DROPS: Readonly<Record<string, readonly string[]>> = {
  dockerfile: ["--link", "-v", "--volume"],
  nixpacks: ["--link", "-v", "--volume"],
  railpack: ["--link", "-v", "--volume"],
  // Dokku lists `--build-args`; `--build-arg` is the flag that exists, so both are dropped.
  herokuish: ["--file", "--build-args", "--build-arg"],
};

/**
 * The options a phase emits: `--restart` only ever for deploy (the restart policy belongs to
 * `ps restart-policy`), and for builds the flags the builder cannot take are dropped.
 */
export function emittedOptions(options: readonly string[], phase: Phase, imageSourceType = ""): string[] {
  const drops = phase === "build" ? (BUILD_DROPS[imageSourceType] ?? []) : [];
  return options.filter((option) => {
    const flag = flagOf(option);
    if (phase !== "deploy" && flag === "--restart") return false;
    return !drops.includes(flag);
  });
}

/** A trigger fragment: options joined by spaces with a leading space, or nothing. */
export function fragment(options: readonly string[]): string | undefined {
  return options.length > 0 ? ` ${options.join(" ")}` : undefined;
}
