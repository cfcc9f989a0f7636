// `run` / `run:detached` argv: options before the app name, the container's command after it.
// Pure, so every refusal is unit-tested.
import { UserError } from "../../src/core/errors.ts";

export interface RunOptions {
  app: string | undefined;
  /** `-e K=V` pairs in the order given. */
  env: [string, string][];
  noTty: boolean;
  forceTty: boolean;
  ttlSeconds: number | undefined;
  /** The words after the app name (a leading `--` removed). */
  command: string[];
}

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Global flags the dispatcher already handled; they may still stand before the app name. */
const GLOBAL_FLAGS = new Set(["--quiet", "--trace", "--force"]);

/**
 * Parses `[-e|--env K=V]... [--no-tty] [--force-tty] [--ttl-seconds S] APP [--] COMMAND...`.
 * Everything after the app name belongs to the command, flags included (`run app ls -la`).
 * `app` is preset when the global `--app` named it, and then every word is the command.
 */
export function parseRunArgs(words: readonly string[], presetApp?: string): RunOptions {
  const options: RunOptions = { app: presetApp, env: [], noTty: false, forceTty: false, ttlSeconds: undefined, command: [] };
  let i = 0;
  const value = (flag: string, inline: string | undefined): string => {
    if (inline !== undefined) return inline;
    const next = words[++i];
    if (next === undefined) throw new UserError(`Missing value for ${flag}`);
    return next;
  };
  for (; i < words.length; i++) {
    const word = words[i]!;
    if (word === "--") {
      i++;
      break;
    }
    if (!word.startsWith("-") || word === "-") break;
    const eq = word.indexOf("=");
    const [flag, inline] = word.startsWith("--") && eq > 0 ? [word.slice(0, eq), word.slice(eq + 1)] : [word, undefined];
    if (flag === "-e" || flag === "--env") options.env.push(parseEnvPair(value(flag, inline)));
    else if (flag === "--no-tty" && inline === undefined) options.noTty = true;
    else if (flag === "--force-tty" && inline === undefined) options.forceTty = true;
    else if (flag === "--ttl-seconds") options.ttlSeconds = parseTtlSeconds(value(flag, inline));
    else if (flag === "--app") options.app = value(flag, inline);
    else if (!GLOBAL_FLAGS.has(word)) throw new UserError(`Unknown flag ${word}: run's flags go before the app name, the command after it`);
  }
  const rest = words.slice(i);
  if (options.app === undefined) options.app = rest.shift();
  options.command = rest[0] === "--" ? rest.slice(1) : rest;
  // dokku-compat: Dokku's message names the flag --tty.
  if (options.noTty && options.forceTty) throw new UserError("Cannot specify both --force-tty and --no-tty");
  return options;
}

/** `KEY=VALUE` with a shell-style name; the value may be empty or contain `=`. */
export function parseEnvPair(text: string): [string, string] {
  const eq = text.indexOf("=");
  const key = eq > 0 ? text.slice(0, eq) : "";
  if (!ENV_KEY.test(key)) throw new UserError(`Invalid environment variable ${JSON.stringify(text)}: expected KEY=VALUE`);
  return [key, text.slice(eq + 1)];
}

/** A whole number of seconds, at least 1. */
export function parseTtlSeconds(text: string): number {
  if (!/^[0-9]+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new UserError(`Invalid --ttl-seconds value ${JSON.stringify(text)}: expected a whole number of seconds, at least 1`);
  }
  return Number(text);
}
