import type { Ctx } from "../../src/core/context.ts";
import { GLOBAL } from "../../src/core/props.ts";
import type { ReportValues } from "../../src/core/report.ts";
import { REGISTRY, RegistryProps } from "./schema.ts";
import { appCredentialsDir, appOrGlobal, authServers, computedImageRepo, computedServerFor, globalCredentialsDir } from "./settings.ts";

const stored = async (ctx: Ctx, scope: string, key: string) => (await ctx.props.get(REGISTRY, scope, key))?.trim() ?? "";

/** The `--registry-global-*` and `--registry-computed-*` values for an app (or for `--global`). */
export async function globalReport(ctx: Ctx, scope: string): Promise<ReportValues> {
  const globalAuth = (await authServers(globalCredentialsDir(ctx))).join(",");
  const ownAuth = scope === GLOBAL ? "" : (await authServers(appCredentialsDir(ctx, scope))).join(",");
  return {
    "--registry-computed-auth-servers": ownAuth || globalAuth,
    "--registry-global-auth-servers": globalAuth,
    "--registry-computed-image-repo-template": await appOrGlobal(ctx, scope, RegistryProps.imageRepoTemplate),
    "--registry-global-image-repo-template": await stored(ctx, GLOBAL, RegistryProps.imageRepoTemplate),
    "--registry-computed-push-extra-tags": await appOrGlobal(ctx, scope, RegistryProps.pushExtraTags),
    "--registry-global-push-extra-tags": await stored(ctx, GLOBAL, RegistryProps.pushExtraTags),
    "--registry-computed-push-on-release": (await appOrGlobal(ctx, scope, RegistryProps.pushOnRelease)) || "false",
    "--registry-global-push-on-release": await stored(ctx, GLOBAL, RegistryProps.pushOnRelease),
    "--registry-computed-server": await computedServerFor(ctx, scope),
    "--registry-global-server": await stored(ctx, GLOBAL, RegistryProps.server),
  };
}

/** Dokku 0.38's `registry:report APP` fields. */
export async function appReport(ctx: Ctx, app: string): Promise<ReportValues> {
  return {
    ...(await globalReport(ctx, app)),
    "--registry-auth-servers": (await authServers(appCredentialsDir(ctx, app))).join(","),
    "--registry-image-repo": await stored(ctx, app, RegistryProps.imageRepo),
    "--registry-computed-image-repo": await computedImageRepo(ctx, app),
    "--registry-image-repo-template": await stored(ctx, app, RegistryProps.imageRepoTemplate),
    "--registry-push-extra-tags": await stored(ctx, app, RegistryProps.pushExtraTags),
    "--registry-push-on-release": await stored(ctx, app, RegistryProps.pushOnRelease),
    "--registry-server": await stored(ctx, app, RegistryProps.server),
    "--registry-tag-version": await stored(ctx, app, RegistryProps.tagVersion),
  };
}
