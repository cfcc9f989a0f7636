import { definePlugin } from "../../src/core/plugin.ts";
import { runDefault, runDetached } from "./commands.ts";
import { runList, runLogs, runRetire, runStop } from "./commands-manage.ts";
import { onSchedulerRun } from "./scheduler-run.ts";
import { onSchedulerRetire, onSchedulerRunList, onSchedulerRunRetire, onSchedulerRunStop } from "./scheduler-manage.ts";
import { RUN } from "./schema.ts";

/**
 * One-off containers (`run`, reference 7.7). The commands are scheduler-agnostic (they fire
 * `scheduler-run*`); the docker-local answers
 * live here too, acting only when the scheduler argument is `docker-local`. run:logs output comes
 * from the logs plugin, which owns container log formatting.
 */
export const plugin = definePlugin({
  name: RUN,
  description: "Run one-off commands in an app's containers",
  commands: [runDefault, runDetached, runList, runLogs, runRetire, runStop],
  triggers: {
    "scheduler-retire": onSchedulerRetire,
    "scheduler-run": onSchedulerRun,
    "scheduler-run-list": onSchedulerRunList,
    "scheduler-run-retire": onSchedulerRunRetire,
    "scheduler-run-stop": onSchedulerRunStop,
  },
});
