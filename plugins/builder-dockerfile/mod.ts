import { definePlugin } from "../../src/core/plugin.ts";
import { propertyLifecycle } from "../../src/core/property-lifecycle.ts";
import { onBuilderBuild } from "./build.ts";
import { builderDockerfileReport, builderDockerfileSet } from "./commands.ts";
import { onBuilderDetect, onCorePostExtract } from "./detect.ts";
import { onBuilderRelease } from "./release.ts";
import { BUILDER_DOCKERFILE } from "./schema.ts";

export const plugin = definePlugin({
  name: BUILDER_DOCKERFILE,
  description: "Build apps from a Dockerfile",
  commands: [builderDockerfileReport, builderDockerfileSet],
  triggers: {
    ...propertyLifecycle(BUILDER_DOCKERFILE),
    "builder-detect": onBuilderDetect,
    "builder-build": onBuilderBuild,
    "builder-release": onBuilderRelease,
    "core-post-extract": onCorePostExtract,
  },
});
