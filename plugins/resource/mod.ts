import type { TriggerHandler } from "../../src/core/plugin.ts";
import { definePlugin } from "../../src/core/plugin.ts";
import { propertyLifecycle } from "../../src/core/property-lifecycle.ts";
import { resourceLimit, resourceLimitClear, resourceReserve, resourceReserveClear } from "./commands.ts";
import { resourceReport } from "./report.ts";
import { DEFAULT_TYPE, RESOURCE } from "./schema.ts";
import { resolvedValues } from "./store.ts";
import { resourceFlags } from "./values.ts";

/** `--cpus/--gpus/--memory...` for one process type, unless DOKKU_OMIT_RESOURCE_ARGS=1. */
async function fragmentFor(ctx: Parameters<TriggerHandler<"docker-args-process-deploy">>[0], app: string, type: string): Promise<string | undefined> {
  if (ctx.env.vars.DOKKU_OMIT_RESOURCE_ARGS === "1") return undefined;
  const flags = resourceFlags(await resolvedValues(ctx, app, type));
  return flags.length > 0 ? ` ${flags.join(" ")}` : undefined;
}

/** `docker-args-process-deploy APP SRC TAG PROC [INDEX]`. */
const onDockerArgsProcessDeploy: TriggerHandler<"docker-args-process-deploy"> = (ctx, [app, , , proc]) => fragmentFor(ctx, app, proc);

/** `docker-args-process-run APP SRC TAG`: one-off containers get the app's default values. */
const onDockerArgsProcessRun: TriggerHandler<"docker-args-process-run"> = (ctx, [app]) => fragmentFor(ctx, app, DEFAULT_TYPE);

export const plugin = definePlugin({
  name: RESOURCE,
  description: "Manage resource limits and reservations of an app's containers",
  commands: [resourceLimit, resourceLimitClear, resourceReport, resourceReserve, resourceReserveClear],
  triggers: {
    ...propertyLifecycle(RESOURCE),
    "docker-args-process-deploy": onDockerArgsProcessDeploy,
    "docker-args-process-run": onDockerArgsProcessRun,
  },
});
