import { definePlugin } from "../../src/core/plugin.ts";
import { propertyLifecycle } from "../../src/core/property-lifecycle.ts";
import { dockerOptionsAdd, dockerOptionsClear, dockerOptionsList, dockerOptionsRemove } from "./commands.ts";
import { dockerOptionsReport } from "./report.ts";
import { DOCKER_OPTIONS } from "./schema.ts";
import { onDockerArgsBuild, onDockerArgsDeploy, onDockerArgsProcessDeploy, onDockerArgsRun } from "./triggers.ts";

export const plugin = definePlugin({
  name: DOCKER_OPTIONS,
  description: "Manage docker options for the build, deploy and run phases of an app",
  commands: [dockerOptionsAdd, dockerOptionsClear, dockerOptionsList, dockerOptionsRemove, dockerOptionsReport],
  triggers: {
    ...propertyLifecycle(DOCKER_OPTIONS),
    "docker-args-build": onDockerArgsBuild,
    "docker-args-deploy": onDockerArgsDeploy,
    "docker-args-process-deploy": onDockerArgsProcessDeploy,
    "docker-args-run": onDockerArgsRun,
  },
});
