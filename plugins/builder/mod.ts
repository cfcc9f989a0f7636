import { definePlugin } from "../../src/core/plugin.ts";
import { chainHandlers, propertyLifecycle } from "../../src/core/property-lifecycle.ts";
import { builderReport, builderSet } from "./commands.ts";
import { onPostBuildCancel, onPostDeleteImages } from "./images.ts";
import { onDeploy, onReleaseAndDeploy } from "./release.ts";
import { BUILDER } from "./schema.ts";
import { onBuilderBuild, onBuilderDetect, onBuilderGetProperty, onBuilderSetProperty, onCorePostExtract } from "./triggers.ts";

const properties = propertyLifecycle(BUILDER);

export const plugin = definePlugin({
  name: "builder",
  description: "Manage builder settings for an app",
  commands: [builderReport, builderSet],
  triggers: {
    ...properties,
    "post-delete": chainHandlers(properties["post-delete"], onPostDeleteImages),
    "post-build-cancel": onPostBuildCancel,
    "builder-detect": onBuilderDetect,
    "builder-get-property": onBuilderGetProperty,
    "builder-set-property": onBuilderSetProperty,
    "builder-build": onBuilderBuild,
    "core-post-extract": onCorePostExtract,
    deploy: onDeploy,
    "release-and-deploy": onReleaseAndDeploy,
  },
});
