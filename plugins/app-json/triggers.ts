import { rm } from "node:fs/promises";
import { commitExtracted, copyCommitted, discardExtracted, extractFromSource } from "../../src/core/extracted-files.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import { chainHandlers, propertyLifecycle } from "../../src/core/property-lifecycle.ts";
import { appJsonFile, readAppJson, readAppJsonText } from "./content.ts";
import { applyAppJsonEnv } from "./env.ts";
import { commitTask, runTask } from "./tasks.ts";
import { APP_JSON, AppJsonProps, DEFAULT_APPJSON_PATH } from "./schema.ts";

const lifecycle = propertyLifecycle(APP_JSON);

async function firstDeploy(ctx: Parameters<TriggerHandler<"post-create">>[0], app: string): Promise<boolean> {
  return (await ctx.triggers.query("ps-get-property", app, "deployed")).trim() !== "true";
}

/** `core-post-extract APP WORKDIR REV`: app.json at `appjson-path` becomes this deploy's copy, checked now. */
export const onCorePostExtract: TriggerHandler<"core-post-extract"> = async (ctx, [app, workdir]) => {
  const path = await ctx.props.computed(APP_JSON, app, AppJsonProps.appjsonPath, DEFAULT_APPJSON_PATH);
  await extractFromSource(ctx, appJsonFile(ctx, app), workdir, path);
  await readAppJson(ctx, app);
};

/** `app-json-get-content APP`: the app.json in use, or `{}`. */
export const onGetContent: TriggerHandler<"app-json-get-content"> = async (ctx, [app]) => {
  const text = await readAppJsonText(ctx, app);
  return text === undefined || text.trim() === "" ? "{}\n" : text.endsWith("\n") ? text : `${text}\n`;
};

/** `app-json-process-deploy-parallelism APP TYPE`: `formation.TYPE.max_parallel`, default 1. */
export const onDeployParallelism: TriggerHandler<"app-json-process-deploy-parallelism"> = async (ctx, [app, type]) => {
  const json = await readAppJson(ctx, app);
  return `${json.formation?.[type]?.max_parallel ?? 1}\n`;
};

/**
 * `pre-release-builder BUILDER APP IMAGE`: app.json env, then the predeploy task, whose result
 * is committed onto the release image so the deploy runs what it produced.
 */
export const onPreReleaseBuilder: TriggerHandler<"pre-release-builder"> = async (ctx, [, app, image]) => {
  const json = await readAppJson(ctx, app);
  await applyAppJsonEnv(ctx, app, json, await firstDeploy(ctx, app));
  const command = json.scripts?.dokku?.predeploy;
  ctx.log.step("Checking for predeploy task");
  if (!command) return void ctx.log.detail("No predeploy task found, skipping");
  ctx.log.detail(`Executing predeploy task from app.json: ${command}`);
  const { containerId } = await runTask(ctx, app, image, "predeploy", command, true);
  try {
    await commitTask(ctx, containerId, image);
  } finally {
    await (await ctx.docker()).removeContainer(containerId, { force: true });
  }
};

/**
 * `post-release-builder BUILDER APP IMAGE`: a `formation` with quantities replaces the app's
 * formation (and forbids manual ps:scale); without one, ps:scale is allowed again.
 */
export const onPostReleaseBuilder: TriggerHandler<"post-release-builder"> = async (ctx, [, app, image]) => {
  const json = await readAppJson(ctx, app);
  ctx.log.step("Checking for release task");
  const release = (await ctx.triggers.query("procfile-get-command", app, "release")).trim();
  if (release) {
    ctx.log.detail(`Executing release task from Procfile: ${release}`);
    await runTask(ctx, app, image, "release", release);
  } else {
    ctx.log.detail("No release task found, skipping");
  }
  const tuples = Object.entries(json.formation ?? {}).flatMap(([type, f]) => (f.quantity === undefined ? [] : [`${type}=${f.quantity}`]));
  if (tuples.length > 0) {
    await ctx.triggers.notify("ps-set-scale", app, "true", "true", ...tuples);
    await ctx.triggers.notify("ps-can-scale", app, "false");
  } else {
    await ctx.triggers.notify("ps-can-scale", app, "true");
  }
  // Heroku's `scripts.postdeploy` runs once, before the very first deploy starts; the guard
  // property keeps a failed first attempt from running it twice.
  const heroku = json.scripts?.postdeploy;
  if (!heroku || !(await firstDeploy(ctx, app)) || (await ctx.props.get(APP_JSON, app, AppJsonProps.herokuPostdeploy)) === "executed") return;
  await ctx.props.set(APP_JSON, app, AppJsonProps.herokuPostdeploy, "executed");
  ctx.log.detail(`Executing heroku.postdeploy task from app.json: ${heroku}`);
  await runTask(ctx, app, image, "heroku.postdeploy", heroku);
};

/**
 * `post-deploy APP PORT IP TAG`: the postdeploy task runs after the traffic switch; a failure
 * fails the command, but the new containers stay live (reference 10.5).
 */
export const onPostDeploy: TriggerHandler<"post-deploy"> = async (ctx, [app, , , tag]) => {
  const command = (await readAppJson(ctx, app)).scripts?.dokku?.postdeploy;
  ctx.log.step("Checking for postdeploy task");
  if (!command) return void ctx.log.detail("No postdeploy task found, skipping");
  ctx.log.detail(`Executing postdeploy task from app.json: ${command}`);
  await runTask(ctx, app, `dokku/${app}:${tag || "latest"}`, "postdeploy", command);
};

/** `core-post-deploy`: the deployed app.json is committed. */
export const onCorePostDeploy: TriggerHandler<"core-post-deploy"> = async (ctx, [app]) => {
  await commitExtracted(ctx, appJsonFile(ctx, app));
};

export const onPostDelete = chainHandlers<"post-delete">(lifecycle["post-delete"], async (ctx, [app]) => {
  await rm(ctx.paths.dataDir(APP_JSON, app), { recursive: true, force: true });
});

export const onPostAppCloneSetup = chainHandlers<"post-app-clone-setup">(lifecycle["post-app-clone-setup"], async (ctx, [from, to]) => {
  await copyCommitted(appJsonFile(ctx, from), appJsonFile(ctx, to));
  await ctx.props.del(APP_JSON, to, AppJsonProps.herokuPostdeploy);
});

export const onPostAppRenameSetup = chainHandlers<"post-app-rename-setup">(lifecycle["post-app-rename-setup"], async (ctx, [from, to]) => {
  await copyCommitted(appJsonFile(ctx, from), appJsonFile(ctx, to));
  await discardExtracted(ctx, appJsonFile(ctx, from));
});
