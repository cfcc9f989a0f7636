import { definePlugin } from "../../src/core/plugin.ts";
import { chainHandlers, propertyLifecycle } from "../../src/core/property-lifecycle.ts";
import { CONFIG } from "./legacy-env.ts";
import { configClear, configImport, configSet, configUnset } from "./set-commands.ts";
import { configBundle, configDefault, configExport, configGet, configKeys, configShow } from "./show-commands.ts";
import {
  onConfigExport,
  onConfigGet,
  onConfigGetGlobal,
  onConfigSet,
  onConfigUnset,
  onMigrateEnv,
  onPostAppCloneSetup,
  onPostAppRenameSetup,
  onPostCreate,
  onPostDelete,
} from "./triggers.ts";

// The ENV files live outside the property namespace (`LIB/config/<APP>/ENV`), so the standard
// property lifecycle (for `env-migrated`) is chained with handlers for the files themselves.
const properties = propertyLifecycle(CONFIG);

export const plugin = definePlugin({
  name: CONFIG,
  description: "Manage global and app-specific config vars",
  commands: [configDefault, configBundle, configClear, configExport, configGet, configImport, configKeys, configSet, configShow, configUnset],
  triggers: {
    "config-export": onConfigExport,
    "config-get": onConfigGet,
    "config-get-global": onConfigGetGlobal,
    "config-migrate-env": onMigrateEnv,
    "config-set": onConfigSet,
    "config-unset": onConfigUnset,
    install: onMigrateEnv,
    "post-create": onPostCreate,
    "post-delete": chainHandlers(onPostDelete, properties["post-delete"]),
    "post-app-clone-setup": chainHandlers(onPostAppCloneSetup, properties["post-app-clone-setup"]),
    "post-app-rename-setup": chainHandlers(onPostAppRenameSetup, properties["post-app-rename-setup"]),
  },
});
