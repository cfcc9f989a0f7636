import { UserError } from "../../src/core/errors.ts";
import { defineSetCommand } from "../../src/core/property-command.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { defineReportCommand } from "../../src/core/report-command.ts";
import { invalidValue } from "./names.ts";
import { globalReport, appReport } from "./report.ts";
import { REGISTRY, SETTABLE } from "./schema.ts";

export const registrySet = defineSetCommand({
  plugin: REGISTRY,
  description: "Set or clear a registry property for an app",
  settable: SETTABLE,
  appFirst: true,
  // Key and scope errors come from setPropertyCommand (its wording); only a known key's value is checked.
  validate(key, value, global) {
    const allowed: readonly string[] = global ? SETTABLE.global : SETTABLE.keys;
    const problem = allowed.includes(key) ? invalidValue(key, value) : undefined;
    if (problem) throw new UserError(problem);
  },
});

export const registryReport = defineReportCommand({
  plugin: REGISTRY,
  values: appReport,
  globalValues: (ctx) => globalReport(ctx, GLOBAL),
});
