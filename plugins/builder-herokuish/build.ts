import { readConfig } from "../../src/core/config-api.ts";
import type { Ctx } from "../../src/core/context.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import { buildLabels } from "../../src/docker/labels.ts";
import { type BuildPlan, copySource, ensureCurlTimeouts, injectBuildEnv, runBuild } from "./build-steps.ts";
import { DEFAULT_APP_USER, imageRepo } from "./schema.ts";

/**
 * `builder-build herokuish APP WORKDIR` (reference 6.3): source into the builder image,
 * BUILD_ENV, `/build` with the cache volume, commit as `dokku/APP:latest` with build labels.
 * Every intermediate step works on a scratch tag, so a failed build leaves `latest` untouched.
 */
export const onBuilderBuild: TriggerHandler<"builder-build"> = async (ctx, [builder, app, workdir]) => {
  if (builder !== "herokuish" || !app || !workdir) return;
  const plan = await planBuild(ctx, app, workdir);
  const docker = await ctx.docker();
  try {
    await copySource(ctx, plan);
    await ctx.triggers.notify("pre-build", "herokuish", app, workdir);
    await ctx.triggers.notify("pre-build-buildpack", app, workdir);
    if (await ensureCurlTimeouts(ctx, app)) plan.config = await readConfig(ctx, app, "merged");
    await injectBuildEnv(ctx, plan);
    const container = await runBuild(ctx, plan);
    const changes = Object.entries(buildLabels(app, "herokuish")).map(([k, v]) => `LABEL ${k}=${v}`);
    try {
      await docker.commitContainer(container, { repo: imageRepo(app), tag: "latest", changes });
    } finally {
      await docker.removeContainer(container, { force: true });
    }
  } finally {
    await docker.removeImage(plan.workImage);
  }
  // As Dokku: the detected map listens on the app's proxy port (80 unless configured otherwise).
  await ctx.triggers.notify("ports-configure", app);
  const proxyPort = (await ctx.triggers.query("ports-get-property", app, "proxy-port")).trim() || "80";
  await ctx.triggers.notify("ports-set-detected", app, `http:${proxyPort}:5000`);
  await ctx.triggers.notify("post-build-buildpack", app, workdir);
  await ctx.triggers.notify("post-build", "herokuish", app, workdir);
};

async function planBuild(ctx: Ctx, app: string, workdir: string): Promise<BuildPlan> {
  const stack = (await ctx.triggers.query("buildpack-stack-name", app)).trim();
  ctx.log.step(stack ? `Building ${app} from ${stack}` : `Building ${app} from herokuish`);
  let baseImage = stack || ctx.env.image;
  await ctx.triggers.notify("builder-create-dokku-image", "herokuish", app, workdir, baseImage);
  const override = (await ctx.triggers.query("builder-dokku-image", "herokuish", app, workdir, baseImage)).trim();
  if (override) baseImage = override;
  const config = await readConfig(ctx, app, "merged");
  return {
    app,
    workdir,
    baseImage,
    workImage: `${imageRepo(app)}:dokku-build-tmp`,
    appUser: config.get("DOKKU_APP_USER") || DEFAULT_APP_USER,
    config,
  };
}
