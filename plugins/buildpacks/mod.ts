import { definePlugin } from "../../src/core/plugin.ts";
import { propertyLifecycle } from "../../src/core/property-lifecycle.ts";
import { buildpacksAdd, buildpacksClear, buildpacksList, buildpacksRemove, buildpacksSet } from "./commands.ts";
import { buildpacksReport, buildpacksSetProperty } from "./report-set.ts";
import { BUILDPACKS } from "./schema.ts";
import { onBuildpackStackName, onPostExtract } from "./triggers.ts";

export const plugin = definePlugin({
  name: BUILDPACKS,
  description: "Manage buildpack settings for an app",
  commands: [buildpacksAdd, buildpacksClear, buildpacksList, buildpacksRemove, buildpacksReport, buildpacksSet, buildpacksSetProperty],
  triggers: {
    ...propertyLifecycle(BUILDPACKS),
    "buildpack-stack-name": onBuildpackStackName,
    "post-extract": onPostExtract,
  },
});
