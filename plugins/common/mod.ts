import { bashApiTarget, ensureBashApi } from "../../src/bash-api/layout.ts";
import { definePlugin } from "../../src/core/plugin.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import { commonLock, commonTriggerExists, commonUnlock, commonValidAppName } from "./commands.ts";
import { commonProp } from "./prop.ts";

/** `install` (plugin:install, install.sh): lays out the bash plugin API again, whatever its stamp says. */
const onInstall: TriggerHandler<"install"> = async (ctx) => {
  await ensureBashApi(bashApiTarget(ctx), { force: true });
};

/**
 * Dokku's `common` plugin: the bash library community plugins source (src/bash-api, laid out
 * under `$PLUGIN_CORE_AVAILABLE_PATH`), and the hidden commands its functions call so that each
 * behaviour (property store, app names, triggers, the deploy lock) exists once, in the binary.
 */
export const plugin = definePlugin({
  name: "common",
  description: "Common functions for plugins",
  commands: [commonLock, commonProp, commonTriggerExists, commonUnlock, commonValidAppName],
  triggers: { install: onInstall },
});
