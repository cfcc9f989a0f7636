import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { readConfig } from "../../src/core/config-api.ts";
import type { Ctx } from "../../src/core/context.ts";
import { isNotFound } from "../../src/core/errors.ts";
import { writeFileAtomic } from "../../src/core/fs-atomic.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { BUILDPACKS, BuildpacksProps } from "./schema.ts";
import { parseBuildpacksFile } from "./url.ts";

/** The herokuish base image override: `stack` (app, else global), else the deprecated app config `DOKKU_IMAGE`; "" when none. */
export async function stackName(ctx: Ctx, app: string): Promise<string> {
  const own = await ctx.props.get(BUILDPACKS, app, BuildpacksProps.stack);
  if (own) return own;
  const global = await ctx.props.get(BUILDPACKS, GLOBAL, BuildpacksProps.stack);
  if (global) return global;
  const legacy = (await readConfig(ctx, app, "app")).get("DOKKU_IMAGE") ?? "";
  if (legacy) ctx.log.warn("Deprecated: use buildpacks:set-property instead of specifying DOKKU_IMAGE environment variable");
  return legacy;
}

/** `buildpack-stack-name APP`: prints the stack image when one is configured. */
export const onBuildpackStackName: TriggerHandler<"buildpack-stack-name"> = async (ctx, [app]) => {
  if (!app) return;
  const stack = await stackName(ctx, app);
  return stack ? `${stack}\n` : undefined;
};

/**
 * `post-extract APP WORKDIR REV`: the app's buildpack list becomes `WORKDIR/.buildpacks`;
 * without a list, a committed `.buildpacks` is validated and normalised in place.
 */
export const onPostExtract: TriggerHandler<"post-extract"> = async (ctx, [app, workdir]) => {
  if (!app || !workdir) return;
  const file = join(workdir, ".buildpacks");
  let list = await ctx.props.lrange(BUILDPACKS, app, BuildpacksProps.list);
  if (list.length === 0) {
    const committed = await readFile(file, "utf8").catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    });
    if (committed === undefined) return;
    list = parseBuildpacksFile(committed);
  }
  await writeFileAtomic(file, list.map((url) => `${url}\n`).join(""), { mode: 0o600 });
};
