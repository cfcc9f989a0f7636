import { definePlugin } from "../../src/core/plugin.ts";
import { sdlReport, sdlRetire, sdlSet } from "./commands.ts";
import { onPostDeploy } from "./handover.ts";
import { SCHEDULER_DOCKER_LOCAL } from "./schema.ts";
import { onCronEntries, onSchedulerPostDelete, onSchedulerStop } from "./triggers.ts";
import {
  onAppStatus,
  onCorePostDeploy,
  onDockerArgsProcessDeploy,
  onDockerCleanup,
  onInspect,
  onIsDeployed,
  onPostAppCloneSetup,
  onPostAppRenameSetup,
  onPostDelete,
  onPreRestore,
  onProcessStatus,
  onRegisterRetired,
  onRetire,
  onSchedulerDeploy,
} from "./triggers-deploy.ts";

/**
 * Dokku's default scheduler: the app's process containers on this host (reference 7.3-7.6).
 * Deploys start new containers beside the old ones, check them, switch traffic, then retire
 * the old ones; a failed deploy leaves the running release untouched (DESIGN 3.4, 3.10).
 */
export const plugin = definePlugin({
  name: SCHEDULER_DOCKER_LOCAL,
  description: "Run apps as containers on this host",
  commands: [sdlReport, sdlRetire, sdlSet],
  triggers: {
    "core-post-deploy": onCorePostDeploy,
    "cron-entries": onCronEntries,
    "docker-args-process-deploy": onDockerArgsProcessDeploy,
    "post-app-clone-setup": onPostAppCloneSetup,
    "post-app-rename-setup": onPostAppRenameSetup,
    "post-delete": onPostDelete,
    "post-deploy": onPostDeploy,
    "scheduler-app-status": onAppStatus,
    "scheduler-deploy": onSchedulerDeploy,
    "scheduler-docker-cleanup": onDockerCleanup,
    "scheduler-inspect": onInspect,
    "scheduler-is-deployed": onIsDeployed,
    "scheduler-post-delete": onSchedulerPostDelete,
    "scheduler-pre-restore": onPreRestore,
    "scheduler-process-status": onProcessStatus,
    "scheduler-register-retired": onRegisterRetired,
    "scheduler-retire": onRetire,
    "scheduler-stop": onSchedulerStop,
  },
});
