import { readConfig } from "../../src/core/config-api.ts";
import { webPort } from "../../src/core/release-facts.ts";
import type { Ctx } from "../../src/core/context.ts";
import { DokkuError, UserError } from "../../src/core/errors.ts";
import type { DockerEngine, ImageInfo } from "../../src/docker/engine.ts";
import { LABELS } from "../../src/docker/labels.ts";
import { SdlProps, VENDOR_LABEL } from "./schema.ts";
import { networkProperty, ownProperty } from "./settings.ts";
import type { ReleasePlan } from "./spec.ts";

/** Everything a deploy of `dokku/APP:TAG` needs to know before it creates a container. */
export async function planRelease(ctx: Ctx, docker: DockerEngine, app: string, tag: string): Promise<ReleasePlan> {
  const image = `dokku/${app}:${tag}`;
  const info = await docker.inspectImage(image);
  if (!info) throw new UserError(`Image ${image} does not exist: build ${app} first (git push, ps:rebuild)`);
  const sourceType = info.labels[LABELS.builder] || (await ctx.triggers.query("builder-get-property", app, "detected")).trim() || "dockerfile";
  return {
    app,
    tag,
    image,
    info,
    sourceType,
    release: /^release-([0-9]+)$/.exec(tag)?.[1] ?? "",
    config: await readConfig(ctx, app, "merged"),
    procfile: await procfileExists(ctx, app),
    webPort: await webPort(ctx, app, info, sourceType),
    init: await initProcess(ctx, app, info),
    bindAll: (await networkProperty(ctx, app, "bind-all-interfaces")) === "true",
  };
}

async function procfileExists(ctx: Ctx, app: string): Promise<boolean> {
  if (!(await ctx.triggers.exists("procfile-exists"))) return false;
  try {
    await ctx.triggers.query("procfile-exists", app);
    return true;
  } catch (error) {
    if (error instanceof DokkuError && !(error instanceof UserError)) return false;
    throw error;
  }
}

/** `init-process` (app, else global); unset: true, except for linuxserver.io images (they bring their own). */
async function initProcess(ctx: Ctx, app: string, info: ImageInfo): Promise<boolean> {
  const value = await ownProperty(ctx, app, SdlProps.initProcess);
  if (value !== undefined) return value === "true";
  return info.labels[VENDOR_LABEL] !== "linuxserver.io";
}
