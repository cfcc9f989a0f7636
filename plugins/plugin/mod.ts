import { definePlugin } from "../../src/core/plugin.ts";
import { pluginInstall } from "./install.ts";
import { pluginDefault, pluginDisable, pluginEnable, pluginInstalled, pluginList, pluginUninstall } from "./manage.ts";
import { pluginInstallDependencies, pluginTrigger } from "./trigger.ts";
import { pluginUpdate } from "./update.ts";

/** `plugin:*`: install, list, enable/disable, update and uninstall community plugins (reference 3.3). */
export const plugin = definePlugin({
  name: "plugin",
  description: "Manage installed plugins",
  commands: [pluginDefault, pluginDisable, pluginEnable, pluginInstall, pluginInstallDependencies, pluginInstalled, pluginList, pluginTrigger, pluginUninstall, pluginUpdate],
});
