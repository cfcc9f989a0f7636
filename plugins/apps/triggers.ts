import { parseNewAppName } from "../../src/core/apps.ts";
import { UserError } from "../../src/core/errors.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { createApp, destroyApp } from "./lifecycle.ts";
import { APPS, AppsProps } from "./schema.ts";

/** `app-list [FILTER]`: one app per line. */
export const onAppList: TriggerHandler<"app-list"> = async (ctx) => {
  const apps = await ctx.apps.list();
  return apps.map((app) => `${app}\n`).join("");
};

/** `app-exists APP`: fails when the app does not exist. */
export const onAppExists: TriggerHandler<"app-exists"> = async (ctx, [app]) => {
  await ctx.apps.verify(app);
};

export const onAppCreate: TriggerHandler<"app-create"> = async (ctx, [app]) => {
  await createApp(ctx, parseNewAppName(app));
};

export const onAppDestroy: TriggerHandler<"app-destroy"> = async (ctx, [app]) => {
  await destroyApp(ctx, await ctx.apps.verify(app));
};

/** `app-maybe-create APP`: creates on first push unless `apps disable-autocreation=true` globally. */
export const onAppMaybeCreate: TriggerHandler<"app-maybe-create"> = async (ctx, [app]) => {
  const name = parseNewAppName(app);
  if (await ctx.apps.exists(name)) return;
  if ((await ctx.props.getBool(APPS, GLOBAL, AppsProps.disableAutocreation)) === true) {
    // dokku-compat: Dokku's wording.
    throw new UserError(`App auto-creation disabled.\nRe-enable app auto-creation or create an app with 'dokku apps:create ${name}'`);
  }
  await createApp(ctx, name);
};

/** `deploy-source-set APP TYPE METADATA`: records how the app was last deployed. */
export const onDeploySourceSet: TriggerHandler<"deploy-source-set"> = async (ctx, [app, type = "", metadata = ""]) => {
  if (!app) return;
  await ctx.props.set(APPS, app, AppsProps.deploySource, type);
  await ctx.props.set(APPS, app, AppsProps.deploySourceMetadata, metadata);
};
