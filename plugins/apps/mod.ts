import { definePlugin } from "../../src/core/plugin.ts";
import { propertyLifecycle } from "../../src/core/property-lifecycle.ts";
import { appsCreate, appsDestroy, appsExists, appsList } from "./commands.ts";
import { appsLock, appsLocked, appsUnlock } from "./lock-commands.ts";
import { appsClone, appsRename } from "./rename-clone.ts";
import { appsReport, appsSet } from "./report-set.ts";
import { onAppCreate, onAppDestroy, onAppExists, onAppList, onAppMaybeCreate, onDeploySourceSet } from "./triggers.ts";
import { APPS } from "./schema.ts";

export const plugin = definePlugin({
  name: "apps",
  description: "Manage apps",
  commands: [appsClone, appsCreate, appsDestroy, appsExists, appsList, appsLock, appsLocked, appsRename, appsReport, appsSet, appsUnlock],
  triggers: {
    ...propertyLifecycle(APPS),
    "app-list": onAppList,
    "app-exists": onAppExists,
    "app-create": onAppCreate,
    "app-destroy": onAppDestroy,
    "app-maybe-create": onAppMaybeCreate,
    "deploy-source-set": onDeploySourceSet,
  },
});
