import { appArg } from "../cli/shared-args.ts";
import type { Ctx } from "./context.ts";
import { UserError } from "./errors.ts";
import { type DokkuCommand, defineCommand } from "./plugin.ts";
import { type ReportValues, renderReport, reportArgs } from "./report.ts";

export interface ReportCommandOptions {
  /** Plugin namespace: the command is `<plugin>:report`. */
  plugin: string;
  /** Report type in the heading (`=====> APP <type> information`); defaults to the plugin name. */
  type?: string;
  description?: string;
  /** Every `--flag` -> value for one app. */
  values(ctx: Ctx, app: string): Promise<ReportValues>;
  /**
   * The `--global` report: each `--<plugin>-global-<key>` flag (the stored value, empty when unset)
   * and its `--<plugin>-computed-<key>` (what an app without its own value gets).
   */
  globalValues?(ctx: Ctx): Promise<ReportValues>;
}

/**
 * Dokku's `X:report [APP] [--format stdout|json] [--flag]`: one app, or every app when none is
 * given, in the shared layout of src/core/report.ts.
 */
export function defineReportCommand(options: ReportCommandOptions): DokkuCommand<typeof appArg> {
  const type = options.type ?? options.plugin;
  return defineCommand({
    name: `${options.plugin}:report`,
    description: options.description ?? `Displays a ${type} report for one or more apps`,
    usage: options.globalValues ? "[<app>|--global] [--format stdout|json] [<flag>]" : "[<app>] [--format stdout|json] [<flag>]",
    args: appArg,
    async run(ctx, _args, raw) {
      const { format, infoFlag, positionals } = reportArgs(raw, ["--global"], options.plugin);
      if (raw.includes("--global")) {
        if (!options.globalValues) throw new UserError(`${options.plugin}:report has no global values`);
        return renderReport(ctx, { type, subject: "global", values: await options.globalValues(ctx), format, infoFlag });
      }
      const apps = positionals[0] ? [await ctx.apps.verify(positionals[0])] : await ctx.apps.list();
      if (apps.length === 0) return void ctx.log.warn("You haven't deployed any applications yet");
      for (const app of apps) renderReport(ctx, { type, subject: app, values: await options.values(ctx, app), format, infoFlag });
    },
  });
}
