import { definePlugin } from "../../src/core/plugin.ts";
import { propertyLifecycle } from "../../src/core/property-lifecycle.ts";
import { swarmClusterAdd, swarmClusterList, swarmClusterRemove, swarmInitialize } from "./cluster.ts";
import { swarmReport, swarmSet } from "./commands.ts";
import { onSchedulerLogs } from "./logs.ts";
import { onSchedulerEnter, onSchedulerRun } from "./oneoff.ts";
import { SCHEDULER_SWARM } from "./schema.ts";
import {
  onAppStatus,
  onGetListeners,
  onListenersPublished,
  onIsDeployed,
  onProcessStatus,
  onSchedulerDeploy,
  onSchedulerPostDelete,
  onSchedulerStop,
} from "./triggers.ts";

/**
 * A scheduler on Docker Swarm (DESIGN 8), selected with `scheduler:set APP selected swarm`: this
 * host's engine is a swarm manager and other engines join it as nodes (`cluster:add`). Each
 * process type of a release runs as one service `APP-TYPE`; the web tasks publish their port on
 * a host port each, and nginx reaches them there (`network-get-listeners`).
 */
export const plugin = definePlugin({
  name: SCHEDULER_SWARM,
  description: "Run apps as Docker Swarm services across several engines",
  commands: [swarmClusterAdd, swarmClusterList, swarmClusterRemove, swarmInitialize, swarmReport, swarmSet],
  triggers: {
    ...propertyLifecycle(SCHEDULER_SWARM),
    "network-get-listeners": onGetListeners,
    "network-listeners-published": onListenersPublished,
    "scheduler-app-status": onAppStatus,
    "scheduler-deploy": onSchedulerDeploy,
    "scheduler-enter": onSchedulerEnter,
    "scheduler-is-deployed": onIsDeployed,
    "scheduler-logs": onSchedulerLogs,
    "scheduler-post-delete": onSchedulerPostDelete,
    "scheduler-process-status": onProcessStatus,
    "scheduler-run": onSchedulerRun,
    "scheduler-stop": onSchedulerStop,
  },
});
