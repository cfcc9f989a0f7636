import { definePlugin } from "../../src/core/plugin.ts";
import { onCheckDeploy } from "./check-deploy.ts";
import { checksDisable, checksEnable, checksSet, checksSkip } from "./commands.ts";
import { onInstall } from "./migrate.ts";
import { checksReport } from "./report.ts";
import { checksRun } from "./run-command.ts";
import { CHECKS } from "./schema.ts";
import {
  onChecksGetProperty,
  onCorePostDeploy,
  onCorePostExtract,
  onPostAppCloneSetup,
  onPostAppRenameSetup,
  onPostDelete,
  onPostReleaseBuilder,
} from "./triggers.ts";

/**
 * Zero-downtime deploy checks (reference section 8): the health checks every new container passes
 * before traffic switches to it (`check-deploy`), the per-type disable/skip switches the scheduler
 * reads (`checks-get-property`), and the legacy CHECKS file.
 */
export const plugin = definePlugin({
  name: CHECKS,
  description: "Manage zero-downtime settings",
  commands: [checksDisable, checksEnable, checksReport, checksRun, checksSet, checksSkip],
  triggers: {
    "check-deploy": onCheckDeploy,
    "checks-get-property": onChecksGetProperty,
    "core-post-deploy": onCorePostDeploy,
    "core-post-extract": onCorePostExtract,
    install: onInstall,
    "post-app-clone-setup": onPostAppCloneSetup,
    "post-app-rename-setup": onPostAppRenameSetup,
    "post-delete": onPostDelete,
    "post-release-builder": onPostReleaseBuilder,
  },
});
