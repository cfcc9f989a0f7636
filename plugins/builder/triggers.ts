import { mkdtemp, readdir, realpath, rename, rm, rmdir, stat } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { DokkuError, UserError, errorMessage } from "../../src/core/errors.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { removeBuildContainers } from "./images.ts";
import { BUILDER, BuilderProps, normalizeBuildDir } from "./schema.ts";

/**
 * `builder-detect APP WORKDIR`: the selected builder (app, else global) wins over every detector,
 * because the catalog runs this plugin's handler first.
 */
export const onBuilderDetect: TriggerHandler<"builder-detect"> = async (ctx, [app = ""]) => {
  const selected = (await ctx.props.get(BUILDER, app, BuilderProps.selected)) || (await ctx.props.get(BUILDER, GLOBAL, BuilderProps.selected));
  return selected ? `${selected}\n` : undefined;
};

const READABLE = new Set<string>(Object.values(BuilderProps));

export const onBuilderGetProperty: TriggerHandler<"builder-get-property"> = async (ctx, [app = "", key = ""]) => {
  if (!READABLE.has(key)) throw new UserError(`Invalid builder property specified: ${key}`);
  return `${(await ctx.props.get(BUILDER, app, key)) ?? ""}\n`;
};

/** `builder-set-property APP KEY [VALUE]`: an empty value removes the property. */
export const onBuilderSetProperty: TriggerHandler<"builder-set-property"> = async (ctx, [app = "", key = "", value = ""]) => {
  if (!READABLE.has(key)) throw new UserError(`Invalid builder property specified: ${key}`);
  if (value === "") await ctx.props.del(BUILDER, app, key);
  else await ctx.props.set(BUILDER, app, key, value);
};

/**
 * `core-post-extract APP WORKDIR REV`: with a `build-dir`, that subdirectory becomes the whole
 * source tree. It must stay inside the tree, also after resolving symlinks.
 */
export const onCorePostExtract: TriggerHandler<"core-post-extract"> = async (ctx, [app = "", workdir = ""]) => {
  const configured = await ctx.props.computed(BUILDER, app, BuilderProps.buildDir, "");
  if (!configured || !workdir) return;
  let buildDir: string;
  try {
    buildDir = normalizeBuildDir(configured);
  } catch (error) {
    throw new UserError(errorMessage(error));
  }
  const source = join(workdir, buildDir);
  const notFound = new UserError(`Specified build-dir not found in sourcecode working directory: ${buildDir}`);
  const resolved = await realpath(source).catch(() => undefined);
  if (!resolved || !(await stat(resolved)).isDirectory()) throw notFound;
  const rel = relative(await realpath(workdir), resolved);
  if (rel === "" || rel.startsWith("..")) throw notFound;
  const holder = await mkdtemp(join(dirname(workdir), "dokku-build-dir-"));
  try {
    await rename(resolved, join(holder, "src"));
    for (const name of await readdir(workdir)) await rm(join(workdir, name), { recursive: true, force: true });
    for (const name of await readdir(join(holder, "src"))) await rename(join(holder, "src", name), join(workdir, name));
    await rmdir(join(holder, "src"));
  } finally {
    await rm(holder, { recursive: true, force: true });
  }
};

/**
 * `builder-build BUILDER APP WORKDIR`, first in line (the catalog's `first` for builder-build):
 * Dokku's pre-build docker cleanup (`DockerCleanup`), handed to the scheduler through `scheduler-docker-cleanup`. The
 * builder plugins that follow build when BUILDER names them.
 */
export const onBuilderBuild: TriggerHandler<"builder-build"> = async (ctx, [builder = "", app = ""]) => {
  if (!builder || !app) throw new UserError("builder-build needs BUILDER and APP");
  if (await skipCleanup(ctx, app)) return void ctx.log.step("DOKKU_SKIP_CLEANUP set. Skipping dokku cleanup");
  ctx.log.step("Cleaning up...");
  // Build containers left by a runner that died while the daemon kept building (the null builder makes none).
  if (builder !== "null") await removeBuildContainers(ctx, app);
  const scheduler = (await ctx.triggers.query("scheduler-detect", app)).trim() || "docker-local";
  await ctx.triggers.notify("scheduler-docker-cleanup", scheduler, app, "false");
};

async function skipCleanup(ctx: Ctx, app: string): Promise<boolean> {
  if (ctx.env.vars.DOKKU_SKIP_CLEANUP === "true") return true;
  if ((await ctx.props.computed(BUILDER, app, BuilderProps.skipCleanup, "false")) === "true") return true;
  if (!(await ctx.triggers.exists("config-get"))) return false;
  try {
    return (await ctx.triggers.query("config-get", app, "DOKKU_SKIP_CLEANUP")).trim() === "true";
  } catch (error) {
    if (error instanceof DokkuError) return false; // config-get fails when the variable is unset
    throw error;
  }
}
