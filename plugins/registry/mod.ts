import { definePlugin } from "../../src/core/plugin.ts";
import { registryReport, registrySet } from "./commands.ts";
import { registryLogin, registryLogout } from "./login.ts";
import { onPostReleaseBuilder } from "./push.ts";
import { lifecycle, onDeployedAppImageRepo, onDeployedAppImageTag, onDeployedAppRepository, onPostDelete } from "./triggers.ts";

/**
 * Dokku's registry plugin: credentials (`registry:login`/`logout`, globally or per app), the
 * image repository and server an app's releases are pushed to, the push after each release,
 * and the `deployed-app-*` triggers through which schedulers learn the image reference to run.
 */
export const plugin = definePlugin({
  name: "registry",
  description: "Manage registry settings for an app",
  commands: [registryLogin, registryLogout, registryReport, registrySet],
  triggers: {
    ...lifecycle,
    "post-delete": onPostDelete,
    "post-release-builder": onPostReleaseBuilder,
    "deployed-app-image-repo": onDeployedAppImageRepo,
    "deployed-app-image-tag": onDeployedAppImageTag,
    "deployed-app-repository": onDeployedAppRepository,
  },
});
