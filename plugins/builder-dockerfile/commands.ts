import type { Ctx } from "../../src/core/context.ts";
import { defineSetCommand } from "../../src/core/property-command.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { defineReportCommand } from "../../src/core/report-command.ts";
import { assertInsideSource, computedDockerfilePath } from "./detect.ts";
import { BUILDER_DOCKERFILE, DockerfileProps, SETTABLE } from "./schema.ts";

export const builderDockerfileSet = defineSetCommand({
  plugin: BUILDER_DOCKERFILE,
  description: "Set or clear a builder-dockerfile property for an app",
  settable: SETTABLE,
  validate(key, value) {
    if (key === DockerfileProps.dockerfilePath) assertInsideSource(value);
  },
});

export const builderDockerfileReport = defineReportCommand({
  plugin: "builder-dockerfile",
  values: async (ctx, app) => ({
    ...(await scopeValues(ctx, app)),
    "--builder-dockerfile-dockerfile-path": (await ctx.props.get(BUILDER_DOCKERFILE, app, DockerfileProps.dockerfilePath)) ?? "",
  }),
  globalValues: (ctx) => scopeValues(ctx, GLOBAL),
});

/** `global-`: the stored value, empty when unset; `computed-`: the path an app of this scope uses. */
async function scopeValues(ctx: Ctx, scope: string): Promise<Record<string, string>> {
  return {
    "--builder-dockerfile-computed-dockerfile-path": await computedDockerfilePath(ctx, scope),
    "--builder-dockerfile-global-dockerfile-path": (await ctx.props.get(BUILDER_DOCKERFILE, GLOBAL, DockerfileProps.dockerfilePath)) ?? "",
  };
}
