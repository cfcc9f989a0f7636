import { definePlugin } from "../../src/core/plugin.ts";
import { cronList, cronResume, cronSet, cronSuspend } from "./commands.ts";
import { cronReport } from "./report.ts";
import { cronRun } from "./run.ts";
import {
  onCorePostExtract,
  onCronGetProperty,
  onCronWrite,
  onDockerArgsRun,
  onPostAppCloneSetup,
  onPostAppRenameSetup,
  onPostDelete,
  onPostDeploy,
  onSchedulerCronWrite,
  onUsesHostCron,
} from "./triggers.ts";

/**
 * app.json `cron` tasks (reference 10.7): checked at deploy, written to the dokku user's crontab
 * as `dokku cron:run APP ID` lines (with what other plugins add through `cron-entries`), run as
 * one-off `cron` containers under their concurrency policy.
 */
export const plugin = definePlugin({
  name: "cron",
  description: "Manage scheduled cron tasks",
  commands: [cronList, cronReport, cronResume, cronRun, cronSet, cronSuspend],
  triggers: {
    "core-post-extract": onCorePostExtract,
    "cron-get-property": onCronGetProperty,
    "cron-write": onCronWrite,
    "docker-args-run": onDockerArgsRun,
    "post-app-clone-setup": onPostAppCloneSetup,
    "post-app-rename-setup": onPostAppRenameSetup,
    "post-delete": onPostDelete,
    "post-deploy": onPostDeploy,
    "scheduler-cron-write": onSchedulerCronWrite,
    "scheduler-uses-host-cron": onUsesHostCron,
  },
});
