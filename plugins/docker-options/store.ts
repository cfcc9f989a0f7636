import type { Ctx } from "../../src/core/context.ts";
import { DEFAULT_SCOPE, DOCKER_OPTIONS, type Phase, optionsKey } from "./schema.ts";

/** The options stored for one scope (`_default_` or a process type) and phase. */
export function readOptions(ctx: Ctx, app: string, phase: Phase, scope = DEFAULT_SCOPE): Promise<string[]> {
  return ctx.props.lrange(DOCKER_OPTIONS, app, optionsKey(scope, phase));
}

/** Rewrites one scope's list; an empty list removes the property. */
export async function writeOptions(ctx: Ctx, app: string, phase: Phase, scope: string, options: readonly string[]): Promise<void> {
  const key = optionsKey(scope, phase);
  if (options.length === 0) await ctx.props.del(DOCKER_OPTIONS, app, key);
  else await ctx.props.lwrite(DOCKER_OPTIONS, app, key, options);
}

/** Process types that have deploy options of their own, sorted. */
export async function processScopes(ctx: Ctx, app: string): Promise<string[]> {
  const keys = Object.keys(await ctx.props.getAll(DOCKER_OPTIONS, app));
  return keys
    .filter((key) => key.endsWith(".deploy") && !key.startsWith(`${DEFAULT_SCOPE}.`))
    .map((key) => key.slice(0, -".deploy".length))
    .sort();
}
