import { readFile } from "node:fs/promises";
import type { Ctx } from "../../src/core/context.ts";
import { UserError, errorMessage } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { noRestartArg, noTrailing, parsePairs, scopeAndRest, scopeArgs } from "./args.ts";
import { isValidEnvKey, parseEnvFile } from "./env-file.ts";
import type { EnvMap } from "./env-store.ts";
import { clearVars, importVars, setVars, unsetVars } from "./mutations.ts";

export const configSet = defineCommand({
  name: "config:set",
  description: "Set one or more config vars",
  usage: "[--encoded] [--no-restart] (<app>|--global) KEY1=VALUE1 [KEY2=VALUE2 ...]",
  args: { ...scopeArgs, ...noRestartArg, encoded: { type: "boolean", description: "Values are base64-encoded" } },
  async run(ctx, args) {
    const { scope, rest } = await scopeAndRest(ctx, args);
    await setVars(ctx, scope, parsePairs(rest, Boolean(args.encoded)), args.restart !== false);
  },
});

export const configUnset = defineCommand({
  name: "config:unset",
  description: "Unset one or more config vars",
  usage: "[--no-restart] (<app>|--global) KEY1 [KEY2 ...]",
  args: { ...scopeArgs, ...noRestartArg },
  async run(ctx, args) {
    const { scope, rest } = await scopeAndRest(ctx, args);
    await unsetVars(ctx, scope, rest, args.restart !== false);
  },
});

export const configClear = defineCommand({
  name: "config:clear",
  description: "Clears environment variables",
  usage: "[--no-restart] (<app>|--global)",
  args: { ...scopeArgs, ...noRestartArg },
  async run(ctx, args) {
    const { scope, rest } = await scopeAndRest(ctx, args);
    noTrailing(rest);
    await clearVars(ctx, scope, args.restart !== false);
  },
});

export const configImport = defineCommand({
  name: "config:import",
  description: "Import environment variables from a file (- for stdin)",
  usage: "[--replace] [--no-restart] [--format envfile|json] (<app>|--global) FILE|-",
  args: {
    ...scopeArgs,
    ...noRestartArg,
    replace: { type: "boolean", description: "Remove variables the file does not set" },
    format: { type: "string", description: "Input format: envfile (default) or json" },
  },
  async run(ctx, args) {
    const format = args.format ?? "envfile";
    if (format !== "envfile" && format !== "json") throw new UserError(`Unknown import format: ${format}`);
    const { scope, rest } = await scopeAndRest(ctx, args);
    const [source, ...extra] = rest;
    if (!source) throw new UserError("Please specify a file to import, or - for stdin");
    noTrailing(extra);
    const label = source === "-" ? "stdin" : source;
    const entries = parseImport(await readSource(ctx, source), format, label);
    if (entries.size === 0) throw new UserError(`No config vars found in ${label}`);
    await importVars(ctx, scope, entries, Boolean(args.replace), args.restart !== false);
  },
});

/** The import text; input that is not valid UTF-8 is refused, never silently turned into U+FFFD. */
async function readSource(ctx: Ctx, source: string): Promise<string> {
  if (source === "-") {
    // ctx.io hands stdin over already decoded (invalid bytes became U+FFFD), so, as for argv
    // values, any U+FFFD in the raw text is refused (a JSON "\ufffd" escape still works).
    const text = await ctx.io.readStdin();
    if (text.includes("\uFFFD")) throw new UserError("Cannot import stdin: not valid UTF-8 text (invalid bytes or U+FFFD)");
    return text;
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(source);
  } catch (error) {
    throw new UserError(`Cannot read ${source}: ${errorMessage(error)}`, { cause: error });
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(`Cannot import ${source}: not valid UTF-8 text`);
  }
}

/**
 * Parses the whole input before anything is written; any bad key, line or value rejects it all.
 * Errors name a line or an entry, never the file's text (`config:import APP /etc/shadow` must not
 * print what it read).
 */
function parseImport(text: string, format: "envfile" | "json", label: string): EnvMap {
  if (format === "json") return parseJsonImport(text, label);
  const nul = text.indexOf("\0");
  if (nul >= 0) throw new UserError(`Cannot import ${label}: line ${text.slice(0, nul).split("\n").length} contains a NUL byte`);
  let parsed;
  try {
    // dokku-compat: `$VAR` expands from earlier keys only, never from this host's process env.
    parsed = parseEnvFile(text, () => undefined);
  } catch (error) {
    throw new UserError(`Cannot import ${label}: ${errorMessage(error)}`, { cause: error });
  }
  if (parsed.firstInvalidLine !== undefined) throw new UserError(`Cannot import ${label}: line ${parsed.firstInvalidLine} has an invalid key name`);
  return parsed.entries;
}

function parseJsonImport(text: string, label: string): EnvMap {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // The parser's own message quotes the text it choked on.
    throw new UserError(`Cannot import ${label}: invalid JSON`, { cause: error });
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new UserError(`Cannot import ${label}: expected a JSON object of KEY: "value" pairs`);
  }
  const out: EnvMap = new Map();
  Object.entries(data).forEach(([key, value], i) => {
    const entry = `entry ${i + 1}`;
    if (!isValidEnvKey(key)) throw new UserError(`Cannot import ${label}: ${entry} has an invalid key name`);
    if (typeof value !== "string") throw new UserError(`Cannot import ${label}: the value of ${entry} is not a string`);
    if (value.includes("\0")) throw new UserError(`Cannot import ${label}: the value of ${entry} contains a NUL byte`);
    out.set(key, value);
  });
  return out;
}
