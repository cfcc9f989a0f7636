import type { Ctx } from "../../src/core/context.ts";
import { definePlugin } from "../../src/core/plugin.ts";
import { defineReportCommand } from "../../src/core/report-command.ts";
import {
  domainsAdd,
  domainsAddGlobal,
  domainsClear,
  domainsClearGlobal,
  domainsDisable,
  domainsEnable,
  domainsRemove,
  domainsRemoveGlobal,
  domainsReset,
  domainsSet,
  domainsSetGlobal,
} from "./commands.ts";
import { readDomains, vhostEnabled } from "./store.ts";
import {
  onDomainsAdd,
  onDomainsDisable,
  onDomainsList,
  onDomainsUrls,
  onDomainsVhostEnabled,
  onPostAppCloneSetup,
  onPostAppRenameSetup,
  onPostCreate,
} from "./triggers.ts";

async function globalValues(ctx: Ctx): Promise<Record<string, string>> {
  const globals = await readDomains(ctx);
  return { "--domains-global-enabled": String(globals.length > 0), "--domains-global-vhosts": globals.join(" ") };
}

const domainsReport = defineReportCommand({
  plugin: "domains",
  globalValues,
  values: async (ctx, app) => ({
    "--domains-app-enabled": String(await vhostEnabled(ctx, app)),
    "--domains-app-vhosts": (await readDomains(ctx, app)).join(" "),
    ...(await globalValues(ctx)),
  }),
});

export const plugin = definePlugin({
  name: "domains",
  description: "Manage vhost domains used by the proxy",
  commands: [
    domainsAdd,
    domainsAddGlobal,
    domainsClear,
    domainsClearGlobal,
    domainsDisable,
    domainsEnable,
    domainsRemove,
    domainsRemoveGlobal,
    domainsReport,
    domainsReset,
    domainsSet,
    domainsSetGlobal,
  ],
  triggers: {
    "domains-add": onDomainsAdd,
    "domains-disable": onDomainsDisable,
    "domains-list": onDomainsList,
    "domains-urls": onDomainsUrls,
    "domains-vhost-enabled": onDomainsVhostEnabled,
    "post-app-clone-setup": onPostAppCloneSetup,
    "post-app-rename-setup": onPostAppRenameSetup,
    "post-create": onPostCreate,
  },
});
