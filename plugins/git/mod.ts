import { definePlugin } from "../../src/core/plugin.ts";
import { gitAllowHost, gitAuth, gitAuthStatus, gitGenerateDeployKey, gitInitialize, gitPublicKey, gitStatus, gitUnlock } from "./commands-misc.ts";
import { gitHook, gitPrepareRepo, gitReceivePack, gitUploadArchive, gitUploadPack } from "./commands-remote.ts";
import { gitReport, gitSet } from "./commands-report.ts";
import { gitBuildRunner } from "./runner.ts";
import { gitFromArchiveCommand, gitFromImageCommand, gitLoadImageCommand } from "./commands-source.ts";
import { gitSync } from "./commands-sync.ts";
import {
  onGitDeployBranch,
  onGitFromArchive,
  onGitFromDirectory,
  onGitFromImage,
  onGitGetProperty,
  onGitHasCode,
  onGitRevision,
  onPostAppCloneSetup,
  onPostAppRenameSetup,
  onPostCreate,
  onPostDelete,
  onReceiveApp,
} from "./triggers.ts";

export const plugin = definePlugin({
  name: "git",
  description: "Manage app deploys via git",
  commands: [
    gitAllowHost,
    gitAuth,
    gitAuthStatus,
    gitFromArchiveCommand,
    gitFromImageCommand,
    gitGenerateDeployKey,
    gitInitialize,
    gitLoadImageCommand,
    gitPublicKey,
    gitReport,
    gitSet,
    gitStatus,
    gitSync,
    gitUnlock,
    gitHook,
    gitPrepareRepo,
    gitReceivePack,
    gitUploadArchive,
    gitUploadPack,
    gitBuildRunner,
  ],
  triggers: {
    "post-create": onPostCreate,
    "post-delete": onPostDelete,
    "post-app-clone-setup": onPostAppCloneSetup,
    "post-app-rename-setup": onPostAppRenameSetup,
    "receive-app": onReceiveApp,
    "git-has-code": onGitHasCode,
    "git-revision": onGitRevision,
    "git-deploy-branch": onGitDeployBranch,
    "git-get-property": onGitGetProperty,
    "git-from-directory": onGitFromDirectory,
    "git-from-archive": onGitFromArchive,
    "git-from-image": onGitFromImage,
  },
});
