import { definePlugin, type TriggerHandler } from "../../src/core/plugin.ts";
import { propertyLifecycle } from "../../src/core/property-lifecycle.ts";
import { proxyBuildConfig, proxyClearConfig, proxyDisable, proxyEnable, proxyReport, proxySet } from "./commands.ts";
import { PROXY } from "./schema.ts";
import { proxyEnabled, proxyType } from "./state.ts";

/** `proxy-type APP`: the computed proxy type; each proxy implementation acts only for its own name. */
const onProxyType: TriggerHandler<"proxy-type"> = async (ctx, [app]) => `${await proxyType(ctx, app)}\n`;

const onProxyIsEnabled: TriggerHandler<"proxy-is-enabled"> = async (ctx, [app]) => `${await proxyEnabled(ctx, app)}\n`;

/**
 * The traffic switch of a deploy: the app's new web containers passed their checks and are
 * recorded, so the proxy config is rebuilt from them and reloaded before old containers retire.
 */
const onCorePostDeploy: TriggerHandler<"core-post-deploy"> = async (ctx, [app]) => {
  await ctx.triggers.notify("proxy-build-config", app);
};

export const plugin = definePlugin({
  name: "proxy",
  description: "Manage the proxy of an app",
  commands: [proxyBuildConfig, proxyClearConfig, proxyDisable, proxyEnable, proxyReport, proxySet],
  triggers: {
    ...propertyLifecycle(PROXY),
    "core-post-deploy": onCorePostDeploy,
    "proxy-is-enabled": onProxyIsEnabled,
    "proxy-type": onProxyType,
  },
});
