import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { isValidProcessType } from "./procfile.ts";
import { PS, PsProps } from "./schema.ts";

/** The formation: process type -> container count (reference 7.2). */
export type Formation = Map<string, number>;

export function parseScaleLines(lines: readonly string[]): Formation {
  const formation: Formation = new Map();
  for (const line of lines) {
    if (line.trim() === "") continue;
    const [type = "", count = ""] = line.split("=", 2);
    const n = Number(count);
    if (!isValidProcessType(type) || !/^[0-9]+$/.test(count) || !Number.isSafeInteger(n)) {
      throw new UserError(`Invalid scale entry ${JSON.stringify(line)} in ps scale property`);
    }
    formation.set(type, n);
  }
  return formation;
}

/** `type=count` lines sorted by type. */
export function formatScale(formation: Formation): string[] {
  return [...formation.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([type, count]) => `${type}=${count}`);
}

/** The stored formation, with `scale.old` types (count 0) merged in as Dokku's reads do. */
export async function readFormation(ctx: Ctx, app: string): Promise<Formation> {
  const formation = parseScaleLines(await ctx.props.lrange(PS, app, PsProps.scale));
  for (const [type, count] of parseScaleLines(await ctx.props.lrange(PS, app, PsProps.scaleOld))) {
    if (!formation.has(type)) formation.set(type, count);
  }
  return formation;
}

export async function writeFormation(ctx: Ctx, app: string, formation: Formation): Promise<void> {
  await ctx.props.lwrite(PS, app, PsProps.scale, formatScale(formation));
}

/**
 * Parses `ps:scale` tuples (`web=2`), with Dokku's messages. Count 0 is allowed; negative,
 * fractional and enormous counts are not.
 */
export function parseScaleArgs(args: readonly string[]): Formation {
  const wanted: Formation = new Map();
  for (const arg of args) {
    const eq = arg.indexOf("=");
    const type = eq < 0 ? arg : arg.slice(0, eq);
    if (eq < 0 || arg.slice(eq + 1) === "") throw new UserError(`Missing count for process type ${type}`);
    const count = arg.slice(eq + 1);
    if (!isValidProcessType(type)) throw new UserError(`Invalid process type ${type}`);
    if (!/^[0-9]+$/.test(count) || Number(count) > 10_000) throw new UserError(`Invalid count for process type ${type}`);
    wanted.set(type, Number(count));
  }
  return wanted;
}

/**
 * After a release: every Procfile type missing from the formation gets 0; types gone from the
 * Procfile with count 0 move to `scale.old` (dropped at the next core-post-deploy).
 */
export function reconcile(current: Formation, procfileTypes: readonly string[] | undefined): { scale: Formation; old: Formation } {
  const scale: Formation = new Map(current);
  const old: Formation = new Map();
  if (procfileTypes === undefined) return { scale, old };
  for (const type of procfileTypes) if (!scale.has(type)) scale.set(type, 0);
  for (const [type, count] of current) {
    if (!procfileTypes.includes(type) && count === 0) {
      scale.delete(type);
      old.set(type, 0);
    }
  }
  return { scale, old };
}
