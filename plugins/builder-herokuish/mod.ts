import { definePlugin } from "../../src/core/plugin.ts";
import { propertyLifecycle } from "../../src/core/property-lifecycle.ts";
import { onBuilderBuild } from "./build.ts";
import { builderHerokuishReport, builderHerokuishSet } from "./commands.ts";
import { onBuilderDetect, userEnvArgs } from "./detect.ts";
import { onBuilderRelease } from "./release.ts";
import { BUILDER_HEROKUISH } from "./schema.ts";

export const plugin = definePlugin({
  name: BUILDER_HEROKUISH,
  description: "Build apps with herokuish (Heroku buildpacks)",
  commands: [builderHerokuishReport, builderHerokuishSet],
  triggers: {
    ...propertyLifecycle(BUILDER_HEROKUISH),
    "builder-detect": onBuilderDetect,
    "builder-build": onBuilderBuild,
    "builder-release": onBuilderRelease,
    "docker-args-build": userEnvArgs("build"),
    "docker-args-deploy": userEnvArgs("deploy"),
    "docker-args-run": userEnvArgs("run"),
  },
});
