import { definePlugin } from "../../src/core/plugin.ts";
import { propertyLifecycle } from "../../src/core/property-lifecycle.ts";
import { networkRebuild, networkRebuildall, networkReport, networkSet } from "./commands-app.ts";
import { networkCreate, networkDestroy, networkExists, networkInfo, networkList } from "./commands-networks.ts";
import { NETWORK } from "./schema.ts";
import {
  onCorePostDeploy,
  onDockerArgsProcessBuild,
  onDockerArgsProcessDeploy,
  onDockerArgsProcessRun,
  onGetIpaddr,
  onGetListeners,
  onGetProperty,
  onPostContainerCreate,
  onWriteIpaddr,
  onWritePort,
} from "./triggers.ts";

/**
 * Container networking (reference 10.3): the networks containers start on and join, and the
 * address files (`IP.TYPE.N`, `PORT.TYPE.N`) the proxy builds its upstreams from.
 */
export const plugin = definePlugin({
  name: NETWORK,
  description: "Manage network settings for an app",
  commands: [networkCreate, networkDestroy, networkExists, networkInfo, networkList, networkRebuild, networkRebuildall, networkReport, networkSet],
  triggers: {
    ...propertyLifecycle(NETWORK),
    "core-post-deploy": onCorePostDeploy,
    "docker-args-process-build": onDockerArgsProcessBuild,
    "docker-args-process-deploy": onDockerArgsProcessDeploy,
    "docker-args-process-run": onDockerArgsProcessRun,
    "network-get-ipaddr": onGetIpaddr,
    "network-get-listeners": onGetListeners,
    "network-get-property": onGetProperty,
    "network-write-ipaddr": onWriteIpaddr,
    "network-write-port": onWritePort,
    "post-container-create": onPostContainerCreate,
  },
});
