import type { Ctx } from "../../src/core/context.ts";
import { defineReportCommand } from "../../src/core/report-command.ts";
import { PHASES } from "./schema.ts";
import { processScopes, readOptions } from "./store.ts";

/** `--docker-options-<phase>` for the default scope, `--docker-options-deploy.<proc>` per process. */
async function reportValues(ctx: Ctx, app: string): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const phase of PHASES) values[`--docker-options-${phase}`] = (await readOptions(ctx, app, phase)).join(" ");
  for (const proc of await processScopes(ctx, app)) values[`--docker-options-deploy.${proc}`] = (await readOptions(ctx, app, "deploy", proc)).join(" ");
  return values;
}

export const dockerOptionsReport = defineReportCommand({
  plugin: "docker-options",
  type: "docker options",
  description: "Displays a docker options report for one or more apps",
  values: reportValues,
});
