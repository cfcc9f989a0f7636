import { definePlugin } from "../../src/core/plugin.ts";
import { propertyLifecycle } from "../../src/core/property-lifecycle.ts";
import { swarmClusterAdd, swarmClusterList, swarmClusterRemove, swarmInitialize } from "./cluster.ts";
import { swarmReport, swarmSet } from "./commands.ts";
import { SCHEDULER_SWARM } from "./schema.ts";

/**
 * A scheduler on Docker Swarm (DESIGN 8): this host's engine is a swarm manager and other
 * engines join it as nodes (`cluster:add`). This version manages the cluster and the service
 * settings; it does not deploy apps yet (it answers no `scheduler-deploy`, so
 * `scheduler:set APP selected swarm` deploys are refused with a clear message).
 */
export const plugin = definePlugin({
  name: SCHEDULER_SWARM,
  description: "Run apps as Docker Swarm services across several engines",
  commands: [swarmClusterAdd, swarmClusterList, swarmClusterRemove, swarmInitialize, swarmReport, swarmSet],
  triggers: { ...propertyLifecycle(SCHEDULER_SWARM) },
});
