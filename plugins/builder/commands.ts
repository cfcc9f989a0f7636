import type { Ctx } from "../../src/core/context.ts";
import { UserError, errorMessage } from "../../src/core/errors.ts";
import { defineSetCommand } from "../../src/core/property-command.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { defineReportCommand } from "../../src/core/report-command.ts";
import { BUILDER, BUILDER_NAME, BuilderProps, SETTABLE, normalizeBuildDir } from "./schema.ts";

export const builderSet = defineSetCommand({ plugin: BUILDER, description: "Set or clear a builder property for an app", settable: SETTABLE, validate });

function validate(key: string, value: string): void {
  if (key === BuilderProps.selected && !BUILDER_NAME.test(value)) throw new UserError(`Invalid builder name: ${value}`);
  if (key === BuilderProps.skipCleanup && value !== "true" && value !== "false") throw new UserError(`Invalid value for ${key}, must be true or false`);
  if (key === BuilderProps.buildDir) {
    try {
      normalizeBuildDir(value);
    } catch (error) {
      throw new UserError(errorMessage(error));
    }
  }
}

export const builderReport = defineReportCommand({ plugin: "builder", values: appValues, globalValues });


/** The `global-` flags (stored values, empty when unset) and the `computed-` ones for an app without its own. */
async function globalValues(ctx: Ctx): Promise<Record<string, string>> {
  const get = async (key: string) => (await ctx.props.get(BUILDER, GLOBAL, key)) ?? "";
  return {
    "--builder-computed-selected": await get(BuilderProps.selected),
    "--builder-global-selected": await get(BuilderProps.selected),
    "--builder-computed-build-dir": await get(BuilderProps.buildDir),
    "--builder-global-build-dir": await get(BuilderProps.buildDir),
    "--builder-computed-skip-cleanup": (await get(BuilderProps.skipCleanup)) || "false",
    "--builder-global-skip-cleanup": await get(BuilderProps.skipCleanup),
  };
}

/** The flags of Dokku's builder report.go. */
async function appValues(ctx: Ctx, app: string): Promise<Record<string, string>> {
  const get = async (scope: string, key: string) => (await ctx.props.get(BUILDER, scope, key)) ?? "";
  const value = async (key: string) => ({ app: await get(app, key), global: await get(GLOBAL, key) });
  const selected = await value(BuilderProps.selected);
  const buildDir = await value(BuilderProps.buildDir);
  const skip = await value(BuilderProps.skipCleanup);
  return {
    "--builder-computed-selected": selected.app || selected.global,
    "--builder-global-selected": selected.global,
    "--builder-selected": selected.app,
    "--builder-detected": await get(app, BuilderProps.detected),
    "--builder-computed-build-dir": buildDir.app || buildDir.global,
    "--builder-global-build-dir": buildDir.global,
    "--builder-build-dir": buildDir.app,
    "--builder-computed-skip-cleanup": skip.app || skip.global || "false",
    "--builder-global-skip-cleanup": skip.global,
    "--builder-skip-cleanup": skip.app,
  };
}
