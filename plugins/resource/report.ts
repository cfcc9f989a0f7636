import type { Ctx } from "../../src/core/context.ts";
import { defineReportCommand } from "../../src/core/report-command.ts";
import { GLOBAL_SCOPE, type Kind, RESOURCE_KEYS } from "./schema.ts";
import { readValues, storedTypes } from "./store.ts";

/** `--resource-<type>.<limit|reserve>.<key>` for `_default_` and every type with a value. */
async function valuesOf(ctx: Ctx, scope: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const type of await storedTypes(ctx, scope)) {
    for (const kind of ["limit", "reserve"] as Kind[]) {
      const values = await readValues(ctx, scope, type, kind);
      for (const key of RESOURCE_KEYS) out[`--resource-${type}.${kind}.${key}`] = values[key];
    }
  }
  return out;
}

export const resourceReport = defineReportCommand({
  plugin: "resource",
  description: "Displays a resource report for one or more apps",
  values: (ctx, app) => valuesOf(ctx, app),
  globalValues: (ctx) => valuesOf(ctx, GLOBAL_SCOPE),
});
