import type { Ctx } from "../../src/core/context.ts";
import { DEFAULT_PROXY, PROXY, ProxyProps } from "./schema.ts";

/** The app's proxy type: its own, else the global one, else nginx. */
export async function proxyType(ctx: Ctx, app: string): Promise<string> {
  return (await ctx.props.computed(PROXY, app, ProxyProps.type, "")) || DEFAULT_PROXY;
}

export async function proxyEnabled(ctx: Ctx, app: string): Promise<boolean> {
  return (await ctx.props.get(PROXY, app, ProxyProps.disabled))?.trim() !== "true";
}

/** `APP` or every app for `--all` (Dokku's shared handling of the flag). */
export async function appsFor(ctx: Ctx, all: boolean, app: unknown): Promise<string[]> {
  if (all) return ctx.apps.list();
  return [await ctx.apps.verify(app)];
}

/** Runs `fn` over `items` with at most `limit` running at once, in order of start. */
export async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item).catch((error: unknown) => void errors.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (errors.length > 0) throw errors[0];
}
