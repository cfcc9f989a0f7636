import type { AnyTriggerHandler, TriggerHandler } from "./plugin.ts";
import { warnMovedAside } from "./remove-tree.ts";
import type { TriggerName } from "./trigger-catalog.ts";

/**
 * The three triggers every property-owning plugin answers (reference 2.4): clone on
 * `post-app-clone-setup`, clone-then-destroy on `post-app-rename-setup`, destroy on `post-delete`.
 */
export function propertyLifecycle(plugin: string): { [N in "post-delete" | "post-app-clone-setup" | "post-app-rename-setup"]: TriggerHandler<N> } {
  return {
    "post-delete": async (ctx, [app]) => {
      if (app) warnMovedAside(ctx.log, ctx.paths.propertyDir(plugin, app), await ctx.props.destroy(plugin, app));
    },
    "post-app-clone-setup": async (ctx, [from, to]) => {
      if (from && to) await ctx.props.clone(plugin, from, to);
    },
    "post-app-rename-setup": async (ctx, [from, to]) => {
      if (!from || !to) return;
      await ctx.props.clone(plugin, from, to);
      warnMovedAside(ctx.log, ctx.paths.propertyDir(plugin, from), await ctx.props.destroy(plugin, from));
    },
  };
}

/** Runs several handlers for one trigger in order, concatenating their output. */
export function chainHandlers<N extends TriggerName>(...handlers: TriggerHandler<N>[]): TriggerHandler<N> {
  return async (ctx, args, io) => {
    let out = "";
    for (const handler of handlers) {
      const result = await handler(ctx, args, io);
      if (typeof result === "string") out += result;
    }
    return out || undefined;
  };
}
