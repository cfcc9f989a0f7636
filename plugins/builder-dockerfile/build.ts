import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { splitXargs } from "../../src/cli/ssh-command.ts";
import { readConfig } from "../../src/core/config-api.ts";
import type { Ctx } from "../../src/core/context.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import { buildLabels } from "../../src/docker/labels.ts";
import { buildArgEnv, filterBuildArgs } from "./build-args.ts";
import { detectedPortMaps, dockerfileExposedPorts } from "./ports.ts";

/**
 * `builder-build dockerfile APP WORKDIR` (reference 6.4): `docker image build` of the source
 * with build labels and whitelisted docker-options, tagged `dokku/APP:latest` only on success.
 * The layer cache is kept between builds (no `--no-cache` unless the user's options add it).
 */
export const onBuilderBuild: TriggerHandler<"builder-build"> = async (ctx, [builder, app, workdir]) => {
  if (builder !== "dockerfile" || !app || !workdir) return;
  ctx.log.step(`Building ${app} from Dockerfile`);
  await ctx.triggers.notify("pre-build", "dockerfile", app, workdir);
  await ctx.triggers.notify("pre-build-dockerfile", app);
  const args = filterBuildArgs(await rawBuildArgs(ctx, app));
  // dokku-compat: Dokku exports the whole merged config into docker's environment; only the
  // keys named by value-less `--build-arg KEY` flags are passed here, which builds the same image
  // without letting config such as DOCKER_HOST or PATH steer the docker CLI itself.
  const env = buildArgEnv(args, await readConfig(ctx, app, "merged"));
  // Built with the docker CLI: the API build endpoint leaves `.dockerignore` handling to the client.
  await (await ctx.docker()).buildImage(
    { context: workdir, labels: buildLabels(app, "dockerfile"), args, env, tags: [`dokku/${app}:latest`] },
    { failure: `Failure building ${app} from Dockerfile`, echo: ctx.io },
  );
  await ctx.triggers.notify("ports-set-detected", app, ...(await detectPorts(ctx, app, workdir)));
  await ctx.triggers.notify("post-build-dockerfile", app);
  await ctx.triggers.notify("post-build", "dockerfile", app, workdir);
};

/** docker-options (build phase), other plugins' build args and `DOKKU_GLOBAL_BUILD_ARGS`, split like xargs. */
async function rawBuildArgs(ctx: Ctx, app: string): Promise<string[]> {
  const text = [
    await ctx.triggers.query("docker-args-build", app, "dockerfile"),
    await ctx.triggers.query("docker-args-process-build", app, "dockerfile"),
    ctx.env.vars.DOKKU_GLOBAL_BUILD_ARGS ?? "",
  ].join(" ");
  return splitXargs(text);
}

async function detectPorts(ctx: Ctx, app: string, workdir: string): Promise<string[]> {
  const dockerfile = await readFile(join(workdir, "Dockerfile"), "utf8");
  let exposed = dockerfileExposedPorts(dockerfile);
  if (exposed.length === 0) exposed = (await (await ctx.docker()).inspectImage(`dokku/${app}:latest`))?.exposedPorts ?? [];
  const maps = detectedPortMaps(exposed);
  // dokku-compat: Dokku asks the ports plugin for the proxy port; 80 is its default.
  return maps.length > 0 ? maps : ["http:80:5000"];
}
