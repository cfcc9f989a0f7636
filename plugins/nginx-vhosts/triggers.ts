import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readConfig } from "../../src/core/config-api.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError, errorMessage } from "../../src/core/errors.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import { buildConfig, clearConfig, configFile } from "./build.ts";
import { computedProps, gatherFacts } from "./facts.ts";
import { nginxHost } from "./host.ts";
import { renderTemplate } from "./sigil/render.ts";
import { findSourceTemplate, storeAppTemplate } from "./templates.ts";
import { testAlone } from "./validate.ts";
import { squeezeBlankLines, templateVars } from "./vars.ts";

const rebuild = async (ctx: Ctx, app: string) => buildConfig(ctx, app);

export const onProxyBuildConfig: TriggerHandler<"proxy-build-config"> = (ctx, [app]) => rebuild(ctx, app);
export const onPostDomainsUpdate: TriggerHandler<"post-domains-update"> = (ctx, [app]) => rebuild(ctx, app);
export const onPostProxyPortsUpdate: TriggerHandler<"post-proxy-ports-update"> = (ctx, [app]) => rebuild(ctx, app);
export const onPostCertsUpdate: TriggerHandler<"post-certs-update"> = (ctx, [app]) => rebuild(ctx, app);
export const onPostCertsRemove: TriggerHandler<"post-certs-remove"> = (ctx, [app]) => rebuild(ctx, app);
/**
 * proxy:enable / proxy:disable: the build sees the new state (a disabled app's config is removed).
 * dokku-compat: Dokku also sets NO_VHOST and restarts the app; the containers need no restart here.
 */
export const onProxyEnable: TriggerHandler<"proxy-enable"> = (ctx, [app]) => rebuild(ctx, app);
export const onProxyDisable: TriggerHandler<"proxy-disable"> = (ctx, [app]) => rebuild(ctx, app);

export const onProxyClearConfig: TriggerHandler<"proxy-clear-config"> = async (ctx, [app]) => {
  await ctx.apps.verify(app);
  await clearConfig(ctx, app);
};

/** apps:destroy: the app's server blocks leave nginx before its directory goes. */
export const onPostDelete: TriggerHandler<"post-delete"> = async (ctx, [app]) => {
  await clearConfig(ctx, app);
  await rm(join(ctx.paths.dataDir("nginx-vhosts"), `app-${app}`), { recursive: true, force: true });
  await ctx.props.destroy("nginx", app);
};

/**
 * apps:rename / apps:clone copied the app directory: the copied nginx.conf names the old app's
 * upstreams and would clash with them, so it goes; the next deploy builds the new app's own.
 */
export const onPostAppRenameSetup: TriggerHandler<"post-app-rename-setup"> = async (ctx, [from, to]) => {
  await rm(configFile(ctx, to), { force: true });
  await ctx.props.clone("nginx", from, to);
  await ctx.props.destroy("nginx", from);
};

export const onPostAppCloneSetup: TriggerHandler<"post-app-clone-setup"> = async (ctx, [from, to]) => {
  await rm(configFile(ctx, to), { force: true });
  await ctx.props.clone("nginx", from, to);
};

/**
 * The app's own `nginx.conf.sigil` (at `nginx-conf-sigil-path`), checked before anything is
 * built: rendered with a stand-in listener and tested with nginx on its own. A broken template
 * fails the deploy here, and the app keeps serving with its current config.
 */
export const onCorePostExtract: TriggerHandler<"core-post-extract"> = async (ctx, [app, workdir]) => {
  const host = nginxHost(ctx.env);
  const props = await computedProps(ctx, app, host.logRoot);
  const text = await findSourceTemplate(workdir, props["nginx-conf-sigil-path"]);
  if (text === undefined) return storeAppTemplate(ctx, app, undefined);
  if (props["disable-custom-config"] !== "true") {
    ctx.log.step(`Overriding default nginx.conf with detected ${props["nginx-conf-sigil-path"]}`);
    await prevalidate(ctx, app, text);
  }
  await storeAppTemplate(ctx, app, text);
};

async function prevalidate(ctx: Ctx, app: string, template: string): Promise<void> {
  const host = nginxHost(ctx.env);
  const facts = await gatherFacts(ctx, app, host);
  const input = templateVars({ ...facts, listeners: { ...facts.listeners, web: ["127.0.0.1:5000"] } });
  let text: string;
  try {
    text = squeezeBlankLines(renderTemplate(template, input.vars, Object.fromEntries(await readConfig(ctx, app, "merged"))));
  } catch (error) {
    throw new UserError(`The app's nginx.conf.sigil cannot be rendered: ${errorMessage(error)}`);
  }
  const work = await mkdtemp(join(tmpdir(), "dokku-nginx-sigil-"));
  try {
    const file = join(work, "nginx.conf");
    await writeFile(file, text);
    const result = await testAlone(ctx, host, file);
    if (!result.ok) throw new UserError(`The app's nginx.conf.sigil renders an invalid nginx config:\n${result.output}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
