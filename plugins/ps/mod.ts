import { definePlugin } from "../../src/core/plugin.ts";
import { psInspect, psRebuild, psRestart, psRestore, psRetire, psScale, psSet, psStart, psStop } from "./commands.ts";
import { onInstall } from "./migrate.ts";
import { psReport } from "./report.ts";
import {
  onAppRestart,
  onCorePostDeploy,
  onCorePostExtract,
  onPostAppCloneSetup,
  onPostAppMove,
  onPostAppRenameSetup,
  onPostCreate,
  onPostDelete,
  onPostReleaseBuilder,
  onPostStop,
  onProcfileExists,
  onProcfileGetCommand,
  onPsCanScale,
  onPsCurrentScale,
  onPsGetProperty,
  onPsSetScale,
} from "./triggers.ts";

/** Process types, the formation and the app's run state (reference 7.2, 7.6). */
export const plugin = definePlugin({
  name: "ps",
  description: "Manage app processes",
  commands: [psInspect, psRebuild, psReport, psRestart, psRestore, psRetire, psScale, psSet, psStart, psStop],
  triggers: {
    "app-restart": onAppRestart,
    "core-post-deploy": onCorePostDeploy,
    "core-post-extract": onCorePostExtract,
    install: onInstall,
    "post-app-clone": onPostAppMove,
    "post-app-clone-setup": onPostAppCloneSetup,
    "post-app-rename": onPostAppMove,
    "post-app-rename-setup": onPostAppRenameSetup,
    "post-create": onPostCreate,
    "post-delete": onPostDelete,
    "post-release-builder": onPostReleaseBuilder,
    "post-stop": onPostStop,
    "procfile-exists": onProcfileExists,
    "procfile-get-command": onProcfileGetCommand,
    "ps-can-scale": onPsCanScale,
    "ps-current-scale": onPsCurrentScale,
    "ps-get-property": onPsGetProperty,
    "ps-set-scale": onPsSetScale,
  },
});
