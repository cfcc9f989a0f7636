import { definePlugin } from "../../src/core/plugin.ts";
import { releasesInfo, releasesList, releasesReport, releasesRollback, releasesSet } from "./commands.ts";
import { RELEASES } from "./schema.ts";
import { onCorePostDeploy, onCurrent, onPostAppCloneSetup, onPostAppRenameSetup, onPostDelete, onPrepare } from "./triggers.ts";

/**
 * Releases and rollback (DESIGN 3.7; Dokku lacks them). Every deploy that changes the image or
 * the config records a numbered release; the images of the last `keep` releases stay tagged
 * `dokku/APP:release-N`, so restarts run exactly the current release and `releases:rollback`
 * redeploys an earlier one through the normal deploy path without building.
 */
export const plugin = definePlugin({
  name: RELEASES,
  description: "Manage the releases of an app and roll back",
  commands: [releasesInfo, releasesList, releasesReport, releasesRollback, releasesSet],
  triggers: {
    "core-post-deploy": onCorePostDeploy,
    "post-app-clone-setup": onPostAppCloneSetup,
    "post-app-rename-setup": onPostAppRenameSetup,
    "post-delete": onPostDelete,
    "releases-current": onCurrent,
    "releases-prepare": onPrepare,
  },
});
