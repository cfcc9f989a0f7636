import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { ALL, CHECKS, ChecksProps, DEFAULTS, MINIMUMS, type SettableKey } from "./schema.ts";

/** Splits a stored comma list (`web,worker`, `_all_`, or empty). */
export function parseList(raw: string | undefined): string[] {
  return (raw ?? "").split(",").map((v) => v.trim()).filter(Boolean);
}

/** True when `type` is in the list or the list is `_all_`. */
export function listCovers(list: readonly string[], type: string): boolean {
  return list.includes(ALL) || list.includes(type);
}

export async function readList(ctx: Ctx, app: string, key: typeof ChecksProps.disabled | typeof ChecksProps.skipped): Promise<string[]> {
  return parseList(await ctx.props.get(CHECKS, app, key));
}

/** Writes the list, or removes the property when it is empty. */
export async function writeList(ctx: Ctx, app: string, key: typeof ChecksProps.disabled | typeof ChecksProps.skipped, list: readonly string[]): Promise<void> {
  if (list.length === 0) await ctx.props.del(CHECKS, app, key);
  else await ctx.props.set(CHECKS, app, key, list.join(","));
}

/** A value for `key` in whole seconds (or a count), or the reason it is not one. */
export function checkValue(key: SettableKey, value: string): string | undefined {
  if (!/^[0-9]+$/.test(value)) return key === ChecksProps.attempts ? "a whole number" : "a whole number of seconds";
  if (Number(value) < MINIMUMS[key]) return `at least ${MINIMUMS[key]}`;
  return undefined;
}

/**
 * App value, else global value, else the default. A stored value that is not a valid number is
 * refused loudly rather than replaced by the default (it was written by hand or by an old tool).
 */
export async function computedNumber(ctx: Ctx, app: string, key: SettableKey): Promise<number> {
  for (const scope of app === GLOBAL ? [GLOBAL] : [app, GLOBAL]) {
    const value = await ctx.props.getInt(CHECKS, scope, key);
    if (value === undefined) continue;
    if (value < MINIMUMS[key]) {
      const where = scope === GLOBAL ? "globally" : `for app "${scope}"`;
      throw new UserError(`Cannot read property "checks.${key}" ${where}: expected at least ${MINIMUMS[key]}, received ${value}`);
    }
    return value;
  }
  return DEFAULTS[key];
}
