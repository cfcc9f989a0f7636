import type { Ctx } from "../../src/core/context.ts";
import { SilentExit, UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { assertKey, exportText, mergedArg, noTrailing, parseExportFormat, scopeAndRest, scopeArgs, writeOut } from "./args.ts";
import { EnvStore, type EnvMap } from "./env-store.ts";
import { exportFormats, formatExport } from "./export-formats.ts";
import { buildTar } from "./tar.ts";

/** The scope's variables, or global + app when `merged` (ignored for the global scope). */
export async function loadScope(ctx: Ctx, scope: string, merged = false): Promise<EnvMap> {
  const store = new EnvStore(ctx);
  return merged && scope !== GLOBAL ? store.merged(scope) : store.read(scope);
}

const showDefinition = {
  description: "Pretty-print an app or global environment",
  usage: "(<app>|--global) [--merged]",
  args: { ...scopeArgs, ...mergedArg },
  async run(ctx: Ctx, args: { global?: boolean; merged?: boolean; _: unknown[] }) {
    const { scope, rest } = await scopeAndRest(ctx, args);
    noTrailing(rest);
    const env = await loadScope(ctx, scope, args.merged);
    ctx.log.header(`${scope === GLOBAL ? "global" : scope} env vars`);
    writeOut(ctx, `${formatExport(env, "pretty")}\n`);
  },
} as const;

/** Bare `dokku config APP` is `config:show`. */
export const configDefault = defineCommand({ name: "config", ...showDefinition });
export const configShow = defineCommand({ name: "config:show", ...showDefinition });

export const configGet = defineCommand({
  name: "config:get",
  description: "Display a global or app-specific config value",
  usage: "(<app>|--global) [--quoted] KEY",
  args: { ...scopeArgs, quoted: { type: "boolean", description: "Print the value single-quoted for a shell" } },
  async run(ctx, args) {
    const { scope, rest } = await scopeAndRest(ctx, args);
    // dokku-compat: Dokku's messages for a missing or extra key argument.
    if (rest.length === 0) throw new UserError("Expected: key");
    if (rest.length > 1) throw new UserError(`Unexpected argument(s): ${rest.slice(1).join(" ")}`);
    const value = (await new EnvStore(ctx).read(scope)).get(assertKey(rest[0]!));
    if (value === undefined) throw new SilentExit(1); // dokku-compat: exit 1, no output
    writeOut(ctx, args.quoted ? `'${value.replaceAll("'", "'\\''")}'\n` : `${value}\n`);
  },
});

export const configKeys = defineCommand({
  name: "config:keys",
  description: "Show keys set in environment",
  usage: "(<app>|--global) [--merged]",
  args: { ...scopeArgs, ...mergedArg },
  async run(ctx, args) {
    const { scope, rest } = await scopeAndRest(ctx, args);
    noTrailing(rest);
    const keys = [...(await loadScope(ctx, scope, args.merged)).keys()].sort();
    writeOut(ctx, keys.map((key) => `${key}\n`).join(""));
  },
});

export const configExport = defineCommand({
  name: "config:export",
  description: "Export a global or app environment",
  usage: "(<app>|--global) [--format <format>] [--merged]",
  args: { ...scopeArgs, ...mergedArg, format: { type: "string", description: `Output format: ${exportFormats.join(", ")} (default: exports)` } },
  async run(ctx, args) {
    const format = parseExportFormat(args.format);
    const { scope, rest } = await scopeAndRest(ctx, args);
    noTrailing(rest);
    writeOut(ctx, exportText(await loadScope(ctx, scope, args.merged), format));
  },
});

export const configBundle = defineCommand({
  name: "config:bundle",
  description: "Bundle environment into tarfile",
  usage: "(<app>|--global) [--merged]",
  args: { ...scopeArgs, ...mergedArg },
  async run(ctx, args) {
    const { scope, rest } = await scopeAndRest(ctx, args);
    noTrailing(rest);
    const env = await loadScope(ctx, scope, args.merged);
    const encoder = new TextEncoder();
    const files = [...env.keys()].sort().map((key) => ({ name: key, data: encoder.encode(env.get(key)!), mode: 0o600 }));
    writeOut(ctx, buildTar(files));
  },
});
