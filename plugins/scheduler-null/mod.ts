import { definePlugin, type AnyTriggerHandler } from "../../src/core/plugin.ts";

/** Runs `handler` only when the trigger's first argument names the null scheduler, as Dokku's scripts check. */
const whenNull =
  (handler: AnyTriggerHandler): AnyTriggerHandler =>
  (ctx, args, io) =>
    args[0] === "null" ? handler(ctx, args, io) : undefined;

/**
 * Dokku's null scheduler: selected with `scheduler:set APP selected null`; accepts deploys and
 * starts nothing, reports the app as deployed and running (scheduler-null/*).
 * dokku-compat: Dokku's deploy is silent; one detail line says nothing was started.
 */
export const plugin = definePlugin({
  name: "scheduler-null",
  description: "A scheduler that does nothing",
  triggers: {
    "scheduler-deploy": whenNull((ctx, [, app]) => ctx.log.detail(`The null scheduler starts no containers for ${app}`)),
    "scheduler-is-deployed": whenNull(() => undefined),
    "scheduler-app-status": whenNull(() => "1 true\n"),
    "scheduler-uses-host-cron": whenNull(() => "false\n"),
  },
});
