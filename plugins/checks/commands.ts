import { appArg, globalArg } from "../../src/cli/shared-args.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { setPropertyCommand } from "../../src/core/property-command.ts";
import { ALL, CHECKS, ChecksProps, PROCESS_TYPE, SETTABLE_KEYS, type SettableKey } from "./schema.ts";
import { checkValue, listCovers, readList, writeList } from "./settings.ts";

const typesArgs = {
  ...appArg,
  types: { type: "positional", description: "Comma-separated process types (default: all)", required: false },
} as const;

/** `APP [type,type]` of checks:disable/enable/skip: the app and the types, or `_all_`. */
async function appAndTypes(ctx: Ctx, positionals: readonly string[]): Promise<{ app: string; types: string[] | typeof ALL }> {
  const [name, list, extra] = positionals;
  const app = await ctx.apps.verify(name);
  if (extra !== undefined) throw new UserError(`Unexpected argument ${JSON.stringify(extra)}: separate process types with commas (web,worker)`);
  if (list === undefined || list === ALL) return { app, types: ALL };
  const types = list.split(",").map((t) => t.trim());
  for (const type of types) {
    if (type !== ALL && !PROCESS_TYPE.test(type)) throw new UserError(`Invalid process type specified: ${JSON.stringify(type)}`);
  }
  return { app, types: types.includes(ALL) ? ALL : [...new Set(types)] };
}

function describe(verb: string, app: string, types: string[] | typeof ALL): string {
  return types === ALL ? `${verb} zero downtime for app (${app})` : `${verb} zero downtime for app's (${app}) proctypes (${types.join(",")})`;
}

/**
 * Moves types into `into` and out of `outOf` (reference 8.2). As in Dokku, naming types also
 * drops `_all_` from `into`, and a type only covered by `outOf=_all_` stays covered there.
 */
async function moveTypes(ctx: Ctx, app: string, types: string[] | typeof ALL, into: "disabled" | "skipped", outOf: "disabled" | "skipped"): Promise<void> {
  if (types === ALL) {
    await writeList(ctx, app, into, [ALL]);
    await writeList(ctx, app, outOf, []);
    return;
  }
  const target = (await readList(ctx, app, into)).filter((t) => t !== ALL);
  for (const type of types) if (!target.includes(type)) target.push(type);
  await writeList(ctx, app, into, target);
  await writeList(ctx, app, outOf, (await readList(ctx, app, outOf)).filter((t) => !types.includes(t)));
}

export const checksDisable = defineCommand({
  name: "checks:disable",
  description: "Disable zero-downtime deployment for all processes (or comma-separated process-type list) ***WARNING: this will cause downtime during deployments***",
  usage: "<app> [<process-type(s)>]",
  args: typesArgs,
  async run(ctx, args) {
    const { app, types } = await appAndTypes(ctx, args._.map(String));
    ctx.log.step(describe("Disabling", app, types));
    await moveTypes(ctx, app, types, ChecksProps.disabled, ChecksProps.skipped);
  },
});

export const checksSkip = defineCommand({
  name: "checks:skip",
  description: "Skip zero-downtime checks for all processes (or comma-separated process-type list)",
  usage: "<app> [<process-type(s)>]",
  args: typesArgs,
  async run(ctx, args) {
    const { app, types } = await appAndTypes(ctx, args._.map(String));
    ctx.log.step(describe("Skipping", app, types));
    await moveTypes(ctx, app, types, ChecksProps.skipped, ChecksProps.disabled);
  },
});

export const checksEnable = defineCommand({
  name: "checks:enable",
  description: "Enable zero-downtime deployment for all processes (or comma-separated process-type list)",
  usage: "<app> [<process-type(s)>]",
  args: typesArgs,
  async run(ctx, args) {
    const { app, types } = await appAndTypes(ctx, args._.map(String));
    ctx.log.step(describe("Enabling", app, types));
    const disabled = await readList(ctx, app, ChecksProps.disabled);
    const skipped = await readList(ctx, app, ChecksProps.skipped);
    const keep = (list: string[]) => (types === ALL ? [] : list.filter((t) => !types.includes(t)));
    await writeList(ctx, app, ChecksProps.disabled, keep(disabled));
    await writeList(ctx, app, ChecksProps.skipped, keep(skipped));
    if (types === ALL) return;
    // dokku-compat: as in Dokku, `_all_` is only cleared by enabling all; say so rather than
    // leave the user thinking the named types are now checked.
    for (const [key, list] of [[ChecksProps.disabled, keep(disabled)], [ChecksProps.skipped, keep(skipped)]] as const) {
      const still = types.filter((t) => listCovers(list, t));
      if (still.length > 0) ctx.log.warn(`${still.join(",")} still ${key} through ${key}=${ALL}; run checks:enable ${app} to enable every process type`);
    }
  },
});

export const checksSet = defineCommand({
  name: "checks:set",
  description: "Set or clear a checks property for an app",
  usage: "<app>|--global <key> [<value>]",
  args: { ...appArg, ...globalArg },
  async run(ctx, args) {
    const positionals = args._.map(String);
    if (!args.global) await ctx.apps.verify(positionals[0]);
    const [key = "", value = ""] = args.global ? positionals : positionals.slice(1);
    // dokku-compat: Dokku's wording for checks:set.
    if (key === "") throw new UserError("No key specified");
    if (!(SETTABLE_KEYS as readonly string[]).includes(key)) throw new UserError(`Invalid key specified, valid keys include: ${SETTABLE_KEYS.join(", ")}`);
    const invalid = value === "" ? undefined : checkValue(key as SettableKey, value);
    if (invalid) throw new UserError(`Invalid value for ${key}: ${JSON.stringify(value)} (expected ${invalid})`);
    await setPropertyCommand(ctx, CHECKS, positionals, Boolean(args.global), { keys: SETTABLE_KEYS, global: SETTABLE_KEYS });
  },
});
