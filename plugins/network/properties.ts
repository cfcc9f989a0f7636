import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { DEFAULTS, NETWORK, NetworkProps } from "./schema.ts";

const KNOWN = new Set<string>(Object.values(NetworkProps));

/**
 * A property's effective value: the app's when set, else the global one, else the default;
 * `static-web-listener` exists per app only.
 */
export async function networkProperty(ctx: Ctx, app: string, key: string): Promise<string> {
  if (!KNOWN.has(key)) throw new UserError(`Invalid network property specified: ${key}`);
  if (key === NetworkProps.staticWebListener) return app === GLOBAL ? "" : ((await ctx.props.get(NETWORK, app, key)) ?? "");
  if (app === GLOBAL) return (await ctx.props.get(NETWORK, GLOBAL, key)) || (DEFAULTS[key] ?? "");
  return ctx.props.computed(NETWORK, app, key, DEFAULTS[key] ?? "");
}

/** `.TLD` suffix for network aliases, or "". */
export async function tldSuffix(ctx: Ctx, app: string): Promise<string> {
  const tld = await networkProperty(ctx, app, NetworkProps.tld);
  return tld ? `.${tld.replace(/^\.+/, "")}` : "";
}
