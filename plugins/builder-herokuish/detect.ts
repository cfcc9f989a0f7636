import { readFile } from "node:fs/promises";
import { arch } from "node:os";
import { join } from "node:path";
import { readConfig } from "../../src/core/config-api.ts";
import type { Ctx } from "../../src/core/context.ts";
import { isNotFound } from "../../src/core/errors.ts";
import { exists } from "../../src/core/fs-exists.ts";
import type { AnyTriggerHandler, TriggerHandler } from "../../src/core/plugin.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { BUILDER_HEROKUISH, HerokuishProps } from "./schema.ts";

/** `allowed` for the app, else global, else true on x86-64 hosts only (herokuish images are amd64). */
export async function computedAllowed(ctx: Ctx, scope: string): Promise<string> {
  const own = scope === GLOBAL ? "" : ((await ctx.props.get(BUILDER_HEROKUISH, scope, HerokuishProps.allowed)) ?? "");
  if (own) return own;
  const global = (await ctx.props.get(BUILDER_HEROKUISH, GLOBAL, HerokuishProps.allowed)) ?? "";
  return global || String(arch() === "x64");
}

/**
 * `builder-detect APP WORKDIR` (reference 6.1): herokuish when the source has `.buildpacks`,
 * its `.env` sets BUILDPACK_URL, or the app config does; never where herokuish is not allowed.
 */
export const onBuilderDetect: TriggerHandler<"builder-detect"> = async (ctx, [app, workdir]) => {
  if (!app || !workdir) return;
  if ((await computedAllowed(ctx, app)) !== "true") return;
  if (await exists(join(workdir, ".buildpacks"), "file")) return "herokuish\n";
  const dotenv = await readFile(join(workdir, ".env"), "utf8").catch((e: unknown) => (isNotFound(e) ? "" : Promise.reject(e)));
  if (/^\s*(export\s+)?BUILDPACK_URL=/m.test(dotenv)) return "herokuish\n";
  if ((await readConfig(ctx, app, "app")).get("BUILDPACK_URL")) return "herokuish\n";
};

/**
 * `docker-args-build APP BUILDER` and `docker-args-deploy|run APP ...`: herokuish images get
 * `--env=USER=<app user>`; for deploy and run the app's detected builder decides.
 */
export function userEnvArgs(phase: "build" | "deploy" | "run"): AnyTriggerHandler {
  return async (ctx, [app, builder]) => {
    if (!app) return;
    const type = phase === "build" ? builder : (await ctx.triggers.query("builder-get-property", app, "detected")).trim();
    if (type !== "herokuish") return;
    const user = (await readConfig(ctx, app, "app")).get("DOKKU_APP_USER") || "herokuishuser";
    return ` --env=USER=${user}`;
  };
}
