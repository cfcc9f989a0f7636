import type { Ctx } from "../../src/core/context.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import { parseDomain } from "./hostname.ts";
import { appVhostActive, readDomains, setVhostEnabled, setupDefaultDomains, vhostEnabled, writeDomains } from "./store.ts";
import { appUrls, primaryUrl } from "./urls.ts";

export const onPostCreate: TriggerHandler<"post-create"> = async (ctx, [app]) => {
  await setupDefaultDomains(ctx, app);
};

/** `domains-list APP`: the app's domains, one per line. */
export const onDomainsList: TriggerHandler<"domains-list"> = async (ctx, [app]) => {
  await ctx.apps.verify(app);
  return (await readDomains(ctx, app)).map((d) => `${d}\n`).join("");
};

export const onDomainsVhostEnabled: TriggerHandler<"domains-vhost-enabled"> = async (ctx, [app]) => `${await appVhostActive(ctx, app)}\n`;

/** `domains-add APP DOMAIN...` (certs:generate DOMAIN, other plugins). */
export const onDomainsAdd: TriggerHandler<"domains-add"> = async (ctx, [app, ...domains]) => {
  await addDomains(ctx, await ctx.apps.verify(app), domains);
};

/** `domains-disable APP [RESTART]`: vhosts off (nginx's proxy-disable uses it). */
export const onDomainsDisable: TriggerHandler<"domains-disable"> = async (ctx, [app]) => {
  await setVhostEnabled(ctx, await ctx.apps.verify(app), false);
};

/** `domains-urls APP [url|urls]`. */
export const onDomainsUrls: TriggerHandler<"domains-urls"> = async (ctx, [app, format = "urls"]) => {
  await ctx.apps.verify(app);
  const fromPlugin = (await ctx.triggers.query("app-urls", app, format)).trim();
  if (fromPlugin) return `${fromPlugin}\n`;
  const urls = await appUrls(ctx, app);
  if (format === "url") {
    const tls = (await ctx.triggers.query("certs-exists", app)).trim() === "true";
    const url = primaryUrl(urls, tls);
    return url ? `${url}\n` : "";
  }
  return urls.map((u) => `${u}\n`).join("");
};

/** Renamed or cloned apps keep custom domains; `OLD.<vhost>` defaults become `NEW.<vhost>`. */
export const onPostAppRenameSetup: TriggerHandler<"post-app-rename-setup"> = (ctx, [from, to]) => renameDefaults(ctx, from, to);
export const onPostAppCloneSetup: TriggerHandler<"post-app-clone-setup"> = (ctx, [from, to]) => renameDefaults(ctx, from, to);

async function renameDefaults(ctx: Ctx, from: string, to: string): Promise<void> {
  const globals = await readDomains(ctx);
  const current = await readDomains(ctx, to);
  if (current.length === 0) return;
  const renamed = current.map((d) => (globals.some((g) => d === `${from}.${g}`) ? `${to}${d.slice(from.length)}` : d));
  await writeDomains(ctx, [...new Set(renamed)], to);
}

/**
 * Adds domains (Dokku's `domains_add`): each is validated first, so a bad name changes nothing;
 * vhosts are enabled again; `post-domains-update APP add` rebuilds the proxy config.
 */
export async function addDomains(ctx: Ctx, app: string, inputs: readonly string[]): Promise<void> {
  const domains = inputs.map(parseDomain);
  const current = await readDomains(ctx, app);
  const added: string[] = [];
  for (const domain of domains) {
    // dokku-compat: Dokku's messages.
    if (current.includes(domain) || added.includes(domain)) ctx.log.step(`Skipping: ${domain} already added to ${app}`);
    else {
      added.push(domain);
      ctx.log.step(`Added ${domain} to ${app}`);
    }
  }
  await writeDomains(ctx, [...current, ...added], app);
  if (!(await vhostEnabled(ctx, app))) await setVhostEnabled(ctx, app, true);
  await ctx.triggers.notify("post-domains-update", app, "add", ...added);
}
