import type { TriggerHandler } from "../../src/core/plugin.ts";
import { propertyLifecycle } from "../../src/core/property-lifecycle.ts";
import { removeRegistryTags } from "./push.ts";
import { REGISTRY, RegistryProps, localImageRepo } from "./schema.ts";
import { computedImageRepo, computedServerFor, pushEnabled } from "./settings.ts";

const properties = propertyLifecycle(REGISTRY);

/**
 * `deployed-app-image-repo APP`: the repository schedulers deploy when settings name another
 * than `dokku/APP`.
 * dokku-compat: Dokku always prints it; here nothing means "the default", as the catalog says and
 * as callers read it (run would otherwise take any answer as an override of the current release).
 */
export const onDeployedAppImageRepo: TriggerHandler<"deployed-app-image-repo"> = async (ctx, [app = ""]) => {
  const repo = await computedImageRepo(ctx, app);
  return repo === localImageRepo(app) ? undefined : `${repo}\n`;
};

/** `deployed-app-image-tag APP`: with push-on-release, the last pushed `tag-version` (1 before any); else nothing. */
export const onDeployedAppImageTag: TriggerHandler<"deployed-app-image-tag"> = async (ctx, [app = ""]) => {
  if (!(await pushEnabled(ctx, app))) return undefined;
  return `${(await ctx.props.get(REGISTRY, app, RegistryProps.tagVersion))?.trim() || "1"}\n`;
};

/** `deployed-app-repository APP`: the registry server prefix (`host:port/`, or empty). */
export const onDeployedAppRepository: TriggerHandler<"deployed-app-repository"> = async (ctx, [app = ""]) => `${await computedServerFor(ctx, app)}\n`;

/** `post-delete APP`: registry tags of the app's images, then its registry settings and credentials. */
export const onPostDelete: TriggerHandler<"post-delete"> = async (ctx, args, io) => {
  if (args[0]) await removeRegistryTags(ctx, args[0]);
  return properties["post-delete"](ctx, args, io);
};

export const lifecycle = { "post-app-clone-setup": properties["post-app-clone-setup"], "post-app-rename-setup": properties["post-app-rename-setup"] };
