import { appArg, globalArg } from "../../src/cli/shared-args.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { setPropertyCommand } from "../../src/core/property-command.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { defineReportCommand } from "../../src/core/report-command.ts";
import { BUILDS, RetentionProp } from "./schema.ts";
import { displayStatus, durationMs, formatDuration, formatTime, listRecords, retention } from "./store.ts";

/** `builds:report [APP] [--format stdout|json] [--flag]`: the newest build and the retention settings. */
export const buildsReport = defineReportCommand({
  plugin: BUILDS,
  description: "Display a build report for one or more apps",
  values: reportValues,
  globalValues: (ctx) => retentionValues(ctx, GLOBAL),
});

/** `global-`: the stored value, empty when unset; `computed-`: the retention an app of this scope gets. */
async function retentionValues(ctx: Ctx, scope: string): Promise<Record<string, string>> {
  return {
    "--builds-global-retention": (await ctx.props.get(BUILDS, GLOBAL, RetentionProp)) ?? "",
    "--builds-computed-retention": String(await retention(ctx, scope)),
  };
}

async function reportValues(ctx: Ctx, app: string): Promise<Record<string, string>> {
  const [last] = await listRecords(ctx, app);
  return {
    "--build-id": last?.id ?? "",
    "--build-kind": last?.kind ?? "",
    "--build-status": last ? displayStatus(last) : "",
    "--build-pid": last ? String(last.pid) : "",
    "--build-source": last?.source ?? "",
    "--build-started-at": formatTime(last?.started_at),
    "--build-finished-at": formatTime(last?.finished_at),
    "--build-exit-code": last?.exit_code === undefined ? "" : String(last.exit_code),
    // dokku-compat: not in Dokku's report: the newest build's commit, pusher and duration.
    "--build-rev": last?.rev ?? "",
    "--build-who": last?.who ?? "",
    "--build-duration": last ? formatDuration(durationMs(last)) : "",
    "--builds-retention": (await ctx.props.get(BUILDS, app, RetentionProp)) ?? "",
    ...(await retentionValues(ctx, app)),
  };
}

/** `builds:set APP|--global retention [N]`: how many finished builds are kept (empty value: back to the default). */
export const buildsSet = defineCommand({
  name: "builds:set",
  description: "Set or clear a builds property for an app",
  usage: "<app>|--global <key> [<value>]",
  args: { ...appArg, ...globalArg },
  async run(ctx, args) {
    const positionals = args._.map(String);
    const value = positionals[args.global ? 1 : 2];
    if (value && !(/^\d+$/.test(value) && Number(value) >= 1)) throw new UserError(`Invalid retention value "${value}", must be a whole number of at least 1`);
    await setPropertyCommand(ctx, BUILDS, positionals, Boolean(args.global), { keys: [RetentionProp], global: [RetentionProp] });
  },
});
