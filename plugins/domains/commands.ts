import { appArg } from "../../src/cli/shared-args.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { parseDomain } from "./hostname.ts";
import { readDomains, setVhostEnabled, setupDefaultDomains, vhostEnabled, writeDomains } from "./store.ts";
import { addDomains } from "./triggers.ts";

const allArg = { all: { type: "boolean", description: "Apply to every app" } } as const;
const rest = (args: { _: unknown[] }) => args._.map(String).slice(1);

async function appsFor(ctx: Ctx, all: boolean, app: unknown): Promise<string[]> {
  return all ? ctx.apps.list() : [await ctx.apps.verify(app)];
}

function domainsOf(inputs: readonly string[]): string[] {
  if (inputs.length === 0) throw new UserError("Please specify a domain name");
  return [...new Set(inputs.map(parseDomain))];
}

export const domainsAdd = defineCommand({
  name: "domains:add",
  description: "Add domains to app",
  usage: "<app> <domain> [<domain> ...]",
  args: appArg,
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    await addDomains(ctx, app, domainsOf(rest(args)));
  },
});

export const domainsSet = defineCommand({
  name: "domains:set",
  description: "Set domains for app",
  usage: "<app> <domain> [<domain> ...]",
  args: appArg,
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    const domains = domainsOf(rest(args));
    await writeDomains(ctx, domains, app);
    if (!(await vhostEnabled(ctx, app))) await setVhostEnabled(ctx, app, true);
    // dokku-compat: Dokku's message.
    ctx.log.step(`Set ${domains.join(" ")} for ${app}`);
    await ctx.triggers.notify("post-domains-update", app, "set", ...domains);
  },
});

export const domainsRemove = defineCommand({
  name: "domains:remove",
  description: "Remove domains from app",
  usage: "<app> <domain> [<domain> ...]",
  args: appArg,
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    const removed = domainsOf(rest(args));
    const current = await readDomains(ctx, app);
    await writeDomains(ctx, current.filter((d) => !removed.includes(d)), app);
    for (const domain of removed) ctx.log.step(`Removed ${domain} from ${app}`);
    await ctx.triggers.notify("post-domains-update", app, "remove", ...removed);
  },
});

export const domainsClear = defineCommand({
  name: "domains:clear",
  description: "Clear all domains for app",
  usage: "[--all|<app>]",
  args: { ...appArg, ...allArg },
  async run(ctx, args) {
    for (const app of await appsFor(ctx, Boolean(args.all), args.app)) {
      await writeDomains(ctx, [], app);
      ctx.log.step(`Cleared domains in ${app}`);
      await ctx.triggers.notify("post-domains-update", app, "clear");
    }
  },
});

export const domainsReset = defineCommand({
  name: "domains:reset",
  description: "Reset app domains to the global defaults",
  usage: "<app>",
  args: appArg,
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    await writeDomains(ctx, await setupDefaultDomains(ctx, app), app);
    ctx.log.step(`Reset domains for ${app}`);
    await ctx.triggers.notify("post-domains-update", app, "reset");
  },
});

export const domainsEnable = defineCommand({
  name: "domains:enable",
  description: "Enable vhost support",
  usage: "[--all|<app>]",
  args: { ...appArg, ...allArg },
  async run(ctx, args) {
    for (const app of await appsFor(ctx, Boolean(args.all), args.app)) {
      await ctx.triggers.notify("pre-enable-vhost", app);
      ctx.log.step(`Enabling domains for ${app}`);
      await setVhostEnabled(ctx, app, true);
      if ((await readDomains(ctx, app)).length === 0) await setupDefaultDomains(ctx, app);
      await ctx.triggers.notify("post-domains-update", app, "enable");
    }
  },
});

export const domainsDisable = defineCommand({
  name: "domains:disable",
  description: "Disable vhost support",
  usage: "[--all|<app>]",
  args: { ...appArg, ...allArg },
  async run(ctx, args) {
    for (const app of await appsFor(ctx, Boolean(args.all), args.app)) {
      await ctx.triggers.notify("pre-disable-vhost", app);
      ctx.log.step(`Disabling domains for ${app}`);
      await setVhostEnabled(ctx, app, false);
      await ctx.triggers.notify("post-domains-update", app, "disable");
    }
  },
});

const globalDomains = (args: { _: unknown[] }) => args._.map(String);

export const domainsAddGlobal = defineCommand({
  name: "domains:add-global",
  description: "Add global domain names",
  usage: "<domain> [<domain> ...]",
  async run(ctx, args) {
    const current = await readDomains(ctx);
    const added = domainsOf(globalDomains(args)).filter((d) => !current.includes(d));
    await writeDomains(ctx, [...current, ...added]);
    for (const domain of added) ctx.log.step(`Added ${domain}`);
  },
});

export const domainsSetGlobal = defineCommand({
  name: "domains:set-global",
  description: "Set global domain names",
  usage: "<domain> [<domain> ...]",
  async run(ctx, args) {
    const domains = domainsOf(globalDomains(args));
    await writeDomains(ctx, domains);
    ctx.log.step(`Set ${domains.join(" ")}`);
  },
});

export const domainsRemoveGlobal = defineCommand({
  name: "domains:remove-global",
  description: "Remove global domain names",
  usage: "<domain> [<domain> ...]",
  async run(ctx, args) {
    const removed = domainsOf(globalDomains(args));
    await writeDomains(ctx, (await readDomains(ctx)).filter((d) => !removed.includes(d)));
    for (const domain of removed) ctx.log.step(`Removed ${domain}`);
  },
});

export const domainsClearGlobal = defineCommand({
  name: "domains:clear-global",
  description: "Clear global domain names",
  async run(ctx) {
    await writeDomains(ctx, []);
    ctx.log.step("Cleared global domains");
  },
});
