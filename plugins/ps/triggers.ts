import { rm } from "node:fs/promises";
import type { Ctx } from "../../src/core/context.ts";
import { SilentExit } from "../../src/core/errors.ts";
import { commitExtracted, copyCommitted, discardExtracted, extractFromSource } from "../../src/core/extracted-files.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import { chainHandlers, propertyLifecycle } from "../../src/core/property-lifecycle.ts";
import { readFormation, reconcile, writeFormation } from "./formation.ts";
import { procfileCommand, procfileFile, readProcfile } from "./procfile-state.ts";
import { deployApp, isDeployed, psProperty } from "./state.ts";
import { COMMON, DEFAULTS, DEPLOYED, PS, PsProps } from "./schema.ts";
import { scaleApp } from "./scale.ts";

const lifecycle = propertyLifecycle(PS);
const common = propertyLifecycle(COMMON);

/** `post-create APP`: a new app runs one web process (Dokku's default formation). */
export const onPostCreate: TriggerHandler<"post-create"> = async (ctx, [app]) => {
  await ctx.props.lwrite(PS, app, PsProps.scale, ["web=1"]);
};

/**
 * `core-post-extract APP WORKDIR REV`: the Procfile at `procfile-path` becomes this deploy's
 * copy, validated now so a broken Procfile fails the push before anything is built.
 */
export const onCorePostExtract: TriggerHandler<"core-post-extract"> = async (ctx, [app, workdir]) => {
  const path = await ctx.props.computed(PS, app, PsProps.procfilePath, DEFAULTS.procfilePath);
  await extractFromSource(ctx, procfileFile(ctx, app), workdir, path);
  await readProcfile(ctx, app);
};

/** `procfile-exists APP`: exit 0 when the app's source has a Procfile. */
export const onProcfileExists: TriggerHandler<"procfile-exists"> = async (ctx, [app]) => {
  if ((await readProcfile(ctx, app)) === undefined) throw new SilentExit(1);
};

/** `procfile-get-command APP PROC_TYPE [PORT]`: the expanded command, nothing when the type is absent. */
export const onProcfileGetCommand: TriggerHandler<"procfile-get-command"> = async (ctx, [app, type, port]) => {
  const command = await procfileCommand(ctx, app, type, port || "5000");
  return command === undefined ? undefined : `${command}\n`;
};

/** `ps-current-scale APP`: `type=count` lines sorted by type, no trailing newline (as Dokku). */
export const onPsCurrentScale: TriggerHandler<"ps-current-scale"> = async (ctx, [app]) => {
  const formation = await readFormation(ctx, app);
  return [...formation.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([t, n]) => `${t}=${n}`).join("\n");
};

/** `ps-set-scale APP SKIP_DEPLOY CLEAR_EXISTING TYPE=COUNT...` (app.json formation). */
export const onPsSetScale: TriggerHandler<"ps-set-scale"> = async (ctx, [app, skipDeploy, clearExisting, ...tuples]) => {
  await scaleApp(ctx, app, tuples, { skipDeploy: skipDeploy === "true", clearExisting: clearExisting === "true", checkProcfile: false });
};

/** `ps-can-scale APP true|false`: app.json formations forbid manual ps:scale. */
export const onPsCanScale: TriggerHandler<"ps-can-scale"> = async (ctx, [app, value]) => {
  if (value === "false") await ctx.props.set(PS, app, PsProps.canScale, "false");
  else await ctx.props.del(PS, app, PsProps.canScale);
};

/** `ps-get-property APP PROPERTY`: the computed value. */
export const onPsGetProperty: TriggerHandler<"ps-get-property"> = async (ctx, [app, property]) => `${await psProperty(ctx, app, property)}\n`;

/** `post-release-builder BUILDER APP IMAGE`: the formation follows the new Procfile's types. */
export const onPostReleaseBuilder: TriggerHandler<"post-release-builder"> = async (ctx, [, app]) => {
  const types = (await readProcfile(ctx, app))?.map((e) => e.type);
  const { scale, old } = reconcile(await readFormation(ctx, app), types);
  await writeFormation(ctx, app, scale);
  if (old.size > 0) await ctx.props.lwrite(PS, app, PsProps.scaleOld, [...old.keys()].map((t) => `${t}=0`));
};

/** `core-post-deploy APP PORT IP TAG`: the deployed Procfile is committed; the app is deployed and restored at boot. */
export const onCorePostDeploy: TriggerHandler<"core-post-deploy"> = async (ctx, [app]) => {
  await commitExtracted(ctx, procfileFile(ctx, app));
  await ctx.props.del(PS, app, PsProps.scaleOld);
  await ctx.props.set(PS, app, PsProps.restore, "true");
  await ctx.props.set(COMMON, app, DEPLOYED, "true");
};

/** `post-stop APP`: a stopped app stays stopped at boot (ps:restore skips it). */
export const onPostStop: TriggerHandler<"post-stop"> = async (ctx, [app]) => {
  await ctx.props.set(PS, app, PsProps.restore, "false");
};

/**
 * `app-restart APP`: a config change restarts the containers from the same image (DESIGN 3.6).
 * dokku-compat: Dokku runs a full release-and-deploy here, rebuilding herokuish images.
 */
export const onAppRestart: TriggerHandler<"app-restart"> = async (ctx, [app]) => {
  if (!(await isDeployed(ctx, app))) return;
  await deployApp(ctx, app);
};

/** `post-app-rename OLD NEW` / `post-app-clone OLD NEW`: the new name is rebuilt and deployed. */
export const onPostAppMove: TriggerHandler<"post-app-rename" | "post-app-clone"> = async (ctx, [, to]) => {
  await ctx.triggers.notify("receive-app", to);
};

export const onPostDelete = chainHandlers<"post-delete">(lifecycle["post-delete"], common["post-delete"], async (ctx, [app]) => {
  await rm(ctx.paths.dataDir(PS, app), { recursive: true, force: true });
});

/** A clone starts undeployed with the source's formation and Procfile. */
export const onPostAppCloneSetup = chainHandlers<"post-app-clone-setup">(lifecycle["post-app-clone-setup"], async (ctx, [from, to]) => {
  await ctx.props.del(PS, to, PsProps.restore);
  await copyCommitted(procfileFile(ctx, from), procfileFile(ctx, to));
});

export const onPostAppRenameSetup = chainHandlers<"post-app-rename-setup">(
  lifecycle["post-app-rename-setup"],
  common["post-app-rename-setup"],
  async (ctx, [from, to]) => {
    await copyCommitted(procfileFile(ctx, from), procfileFile(ctx, to));
    await discardExtracted(ctx, procfileFile(ctx, from));
    // The renamed app is rebuilt and redeployed before it counts as deployed again.
    await ctx.props.del(COMMON, to, DEPLOYED);
  },
);
