import { definePlugin } from "../../src/core/plugin.ts";
import { propertyLifecycle } from "../../src/core/property-lifecycle.ts";
import { logsDefault, logsFailed } from "./commands.ts";
import { onSchedulerLogs, onSchedulerLogsFailed, onSchedulerRunLogs } from "./docker-local.ts";
import { LOGS } from "./schema.ts";
import { logsReport, logsSet, onDockerArgsProcessDeploy, onDockerArgsProcessRun, onLogsGetProperty } from "./settings.ts";

/**
 * App logs (reference 7.7): `logs`, `logs:failed`, and the json-file `max-size` of the app's
 * containers. The commands fire `scheduler-logs*`; the docker-local answers live here, as does
 * the one for `run:logs` (`scheduler-run-logs`), so all container log formatting is in one place.
 * dokku-compat: logs:vector-start/-stop/-logs and vector sinks (log shipping) are not implemented.
 */
export const plugin = definePlugin({
  name: LOGS,
  description: "Manage log integration for an app",
  commands: [logsDefault, logsFailed, logsReport, logsSet],
  triggers: {
    ...propertyLifecycle(LOGS),
    "docker-args-process-deploy": onDockerArgsProcessDeploy,
    "docker-args-process-run": onDockerArgsProcessRun,
    "logs-get-property": onLogsGetProperty,
    "scheduler-logs": onSchedulerLogs,
    "scheduler-logs-failed": onSchedulerLogsFailed,
    "scheduler-run-logs": onSchedulerRunLogs,
  },
});
