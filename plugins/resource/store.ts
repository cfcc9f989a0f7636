import type { Ctx } from "../../src/core/context.ts";
import { DEFAULT_TYPE, GLOBAL_SCOPE, type Kind, RESOURCE, RESOURCE_KEYS, type ResourceKey, resourceProperty } from "./schema.ts";

/** One scope's values for one process type and kind ("" when unset). */
export async function readValues(ctx: Ctx, scope: string, type: string, kind: Kind): Promise<Record<ResourceKey, string>> {
  const all = await ctx.props.getAll(RESOURCE, scope);
  const out = {} as Record<ResourceKey, string>;
  for (const key of RESOURCE_KEYS) out[key] = all[resourceProperty(type, kind, key)] ?? "";
  return out;
}

/**
 * The values a container of process type `type` gets, per key: the app's value for the type,
 * else the app's default, else the global value for the type, else the global default.
 */
export async function resolvedValues(ctx: Ctx, app: string, type: string): Promise<Record<Kind, Partial<Record<ResourceKey, string>>>> {
  const app_ = await ctx.props.getAll(RESOURCE, app);
  const global = await ctx.props.getAll(RESOURCE, GLOBAL_SCOPE);
  const pick = (kind: Kind) => {
    const out: Partial<Record<ResourceKey, string>> = {};
    for (const key of RESOURCE_KEYS) {
      const value =
        app_[resourceProperty(type, kind, key)] ||
        app_[resourceProperty(DEFAULT_TYPE, kind, key)] ||
        global[resourceProperty(type, kind, key)] ||
        global[resourceProperty(DEFAULT_TYPE, kind, key)];
      if (value) out[key] = value;
    }
    return out;
  };
  return { limit: pick("limit"), reserve: pick("reserve") };
}

/** Process types with at least one stored value in the scope, `_default_` first. */
export async function storedTypes(ctx: Ctx, scope: string): Promise<string[]> {
  const types = new Set(Object.keys(await ctx.props.getAll(RESOURCE, scope)).map((name) => name.split(".")[0]!));
  types.delete(DEFAULT_TYPE);
  return [DEFAULT_TYPE, ...[...types].sort()];
}
