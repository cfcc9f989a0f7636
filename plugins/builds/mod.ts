import { definePlugin } from "../../src/core/plugin.ts";
import { buildsInfo, buildsList } from "./commands-list.ts";
import { buildsCancel, buildsPrune } from "./commands-manage.ts";
import { buildsOutput } from "./commands-output.ts";
import { buildsReport, buildsSet } from "./commands-report.ts";
import {
  onBuildsFollow,
  onBuildsGenerateId,
  onBuildsLogPath,
  onBuildsRecordFinalize,
  onBuildsRecordStart,
  onPostAppCloneSetup,
  onPostAppRenameSetup,
  onPostCreate,
  onPostDelete,
} from "./triggers.ts";

/**
 * Build history (reference 7.10): one record and one log per build under `LIB/data/builds/APP`,
 * written by whatever runs the build through the `builds-*` triggers, and the `builds:*` commands
 * that read, follow, cancel and prune them.
 */
export const plugin = definePlugin({
  name: "builds",
  description: "Manage build records and output",
  commands: [buildsCancel, buildsInfo, buildsList, buildsOutput, buildsPrune, buildsReport, buildsSet],
  triggers: {
    "builds-generate-id": onBuildsGenerateId,
    "builds-record-start": onBuildsRecordStart,
    "builds-record-finalize": onBuildsRecordFinalize,
    "builds-log-path": onBuildsLogPath,
    "builds-follow": onBuildsFollow,
    "post-create": onPostCreate,
    "post-delete": onPostDelete,
    "post-app-rename-setup": onPostAppRenameSetup,
    "post-app-clone-setup": onPostAppCloneSetup,
  },
});
