import type { Ctx } from "../../src/core/context.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import { appContainers, removeContainers, stopContainers } from "./containers.ts";
import { readDynos, removeAllDynoFiles, sameId } from "./dynos.ts";
import { DOCKER_LOCAL } from "./schema.ts";
import { stopTimeout } from "./settings.ts";

/**
 * `post-deploy APP` after another scheduler deployed an app this one ran (`scheduler:set APP
 * selected swarm` on a running app): the containers recorded here hand over. Their dyno files go
 * first and the proxy is rebuilt from the new scheduler's listeners alone; then those containers
 * (and only those: another scheduler's containers may carry the app's labels too) stop and go.
 */
export const onPostDeploy: TriggerHandler<"post-deploy"> = async (ctx, [app = ""]) => {
  if (!app || (await ctx.triggers.query("scheduler-detect", app)).trim() === DOCKER_LOCAL) return;
  const dynos = await readDynos(ctx, app);
  if (dynos.length === 0) return;
  await handOver(ctx, app, dynos.map((d) => d.id));
};

async function handOver(ctx: Ctx, app: string, ids: readonly string[]): Promise<void> {
  ctx.log.step(`Retiring the containers docker-local ran for ${app}`);
  await removeAllDynoFiles(ctx, app);
  await ctx.triggers.notify("proxy-build-config", app);
  const docker = await ctx.docker();
  const ours = (await appContainers(docker, app)).filter((c) => ids.some((id) => sameId(id, c.id)));
  await stopContainers(docker, ours, await stopTimeout(ctx, app));
  await removeContainers(docker, ours);
}
