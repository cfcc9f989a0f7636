import { definePlugin } from "../../src/core/plugin.ts";
import { SCHEDULER_DOCKER_LOCAL } from "./schema.ts";
import { onSchedulerPostDelete, onSchedulerStop } from "./triggers.ts";

/**
 * Dokku's default scheduler: the app's containers on this host. So far it owns their end of life
 * (stop, and removal when the app is destroyed); deploying them (`scheduler-deploy`) comes next,
 * and until then release-and-deploy refuses this scheduler with a clear message.
 */
export const plugin = definePlugin({
  name: SCHEDULER_DOCKER_LOCAL,
  description: "Run apps as containers on this host",
  triggers: {
    "scheduler-stop": onSchedulerStop,
    "scheduler-post-delete": onSchedulerPostDelete,
  },
});
