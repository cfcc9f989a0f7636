import { access, constants } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { withAppLock } from "../../src/core/app-lock.ts";
import { UserError } from "../../src/core/errors.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import type { LoadedPlugin } from "../../src/core/registry.ts";
import { BUILDER, BuilderProps } from "./schema.ts";

/**
 * `release-and-deploy APP [TAG=latest] [SOURCE=deploy]` (reference 7.1): `builder-release`,
 * then, unless `ps skip-deploy` is set, `scheduler-deploy` on the app's scheduler and the
 * `Application deployed:` block with the app's URLs.
 *
 * dokku-compat: Dokku reads the builder type from the image's labels and does nothing when
 * `dokku/APP:TAG` is missing; here the builder recorded at build time (`builder detected`) is
 * used and the image checks belong to the builders, since the null builder makes no image.
 */
export const onReleaseAndDeploy: TriggerHandler<"release-and-deploy"> = async (ctx, [app = "", tag = "latest"]) => {
  const name = await ctx.apps.verify(app);
  const release = tag || "latest";
  const builder = (await ctx.props.get(BUILDER, name, BuilderProps.detected)) || "herokuish";
  ctx.log.step(`Releasing ${name}...`);
  await ctx.triggers.notify("builder-release", builder, name, release);
  if (await skipDeploy(ctx, name)) {
    ctx.log.step("Skipping deployment");
  } else {
    const scheduler = (await ctx.triggers.query("scheduler-detect", name)).trim() || "docker-local";
    await assertSchedulerInstalled(ctx, name, scheduler);
    ctx.log.step(`Deploying ${name} via the ${scheduler} scheduler...`);
    await deployTag(ctx, name, scheduler, release);
    ctx.log.header("Application deployed:");
    for (const url of await appUrls(ctx, name)) ctx.log.detail(url);
  }
  if (!ctx.log.quiet) ctx.log.data("");
};

/**
 * `deploy APP [TAG] [PROC_TYPE]` (ps:restart, ps:scale, ps:start, config restarts): the app's
 * scheduler deploys the already released image again, no build. Without TAG that is the current
 * release (`releases-current`: its immutable `release-N` tag, so a build that moved `latest`
 * since cannot change what a restart runs), else `latest`.
 */
export const onDeploy: TriggerHandler<"deploy"> = async (ctx, [app = "", tag, procType]) => {
  const name = await ctx.apps.verify(app);
  const scheduler = (await ctx.triggers.query("scheduler-detect", name)).trim() || "docker-local";
  await assertSchedulerInstalled(ctx, name, scheduler);
  const from = tag || (await ctx.triggers.query("releases-current", name)).trim() || "latest";
  await deployTag(ctx, name, scheduler, from, procType || undefined);
};

/**
 * Under the app's lock (reentrant: the push's build runner already holds it): the releases
 * plugin names the release this deploy becomes (`releases-prepare`, which tags the image
 * `release-N`), then the scheduler rolls it out.
 */
async function deployTag(ctx: Ctx, app: string, scheduler: string, tag: string, procType?: string): Promise<void> {
  await withAppLock(ctx, app, "deploy", "waiting", async () => {
    const prepared = (await ctx.triggers.query("releases-prepare", app, tag)).trim();
    await ctx.triggers.notify("scheduler-deploy", scheduler, app, prepared || tag, procType);
  });
}

/**
 * Schedulers are plugins named `scheduler-<name>` that answer `scheduler-deploy`. Without one,
 * the trigger would be answered by nobody and the app reported deployed when nothing runs:
 * refuse instead.
 */
async function assertSchedulerInstalled(ctx: Ctx, app: string, scheduler: string): Promise<void> {
  const plugins = (await ctx.plugins.all()).filter((p) => p.name.startsWith("scheduler-"));
  const deploying: string[] = [];
  for (const p of plugins) if (await answersDeploy(p)) deploying.push(p.name);
  if (deploying.includes(`scheduler-${scheduler}`)) return;
  const reason = plugins.some((p) => p.name === `scheduler-${scheduler}`)
    ? `the scheduler-${scheduler} plugin does not deploy apps in this version`
    : `no scheduler-${scheduler} plugin is installed`;
  throw new UserError(
    `Scheduler ${scheduler} is not available: ${reason}\n` +
      `Select another with 'dokku scheduler:set ${app} selected <name>' (available: ${
        deploying.map((name) => name.slice("scheduler-".length)).join(", ") || "none"
      })`,
  );
}

/** True when the plugin answers `scheduler-deploy`: an in-process handler or an executable of that name. */
async function answersDeploy(plugin: LoadedPlugin): Promise<boolean> {
  if (plugin.def?.triggers?.["scheduler-deploy"]) return true;
  if (plugin.kind !== "executable" || !plugin.dir) return false;
  return access(join(plugin.dir, "scheduler-deploy"), constants.X_OK).then(() => true, () => false);
}

/** `ps skip-deploy` (app, else global) through the ps plugin's property trigger, when it exists. */
async function skipDeploy(ctx: Ctx, app: string): Promise<boolean> {
  if (!(await ctx.triggers.exists("ps-get-property"))) return false;
  return (await ctx.triggers.query("ps-get-property", app, "skip-deploy")).trim() === "true";
}

async function appUrls(ctx: Ctx, app: string): Promise<string[]> {
  const text = await ctx.triggers.query("domains-urls", app, "urls");
  return text.split("\n").map((line) => line.trim()).filter(Boolean);
}
