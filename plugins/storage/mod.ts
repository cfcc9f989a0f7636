import { definePlugin } from "../../src/core/plugin.ts";
import { propertyLifecycle } from "../../src/core/property-lifecycle.ts";
import { storageEnsureDirectory } from "./commands-directory.ts";
import { storageCreate, storageDestroy, storageInfo, storageListEntries, storageWait } from "./commands-entries.ts";
import { storageAnnotationsReport, storageAnnotationsSet, storageLabelsReport, storageLabelsSet } from "./commands-metadata.ts";
import { storageList, storageMount, storageUnmount } from "./commands-mounts.ts";
import { storageExec, storageSet } from "./commands-set-exec.ts";
import { storageReport } from "./report.ts";
import { STORAGE } from "./schema.ts";
import { onDockerArgsDeploy, onDockerArgsRun, onInstall, onStorageList } from "./triggers.ts";

export const plugin = definePlugin({
  name: STORAGE,
  description: "Manage mounted volumes",
  commands: [
    storageAnnotationsReport, storageAnnotationsSet, storageCreate, storageDestroy, storageEnsureDirectory, storageExec, storageInfo,
    storageLabelsReport, storageLabelsSet, storageList, storageListEntries, storageMount, storageReport, storageSet, storageUnmount, storageWait,
  ],
  triggers: {
    ...propertyLifecycle(STORAGE),
    install: onInstall,
    "docker-args-deploy": onDockerArgsDeploy,
    "docker-args-run": onDockerArgsRun,
    "storage-list": onStorageList,
  },
});
