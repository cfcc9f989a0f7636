import type { Ctx } from "../../src/core/context.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import type { DockerEngine } from "../../src/docker/engine.ts";
import { LABELS, ownedBy } from "../../src/docker/labels.ts";

/** The engine when the daemon answers; without one there is nothing of the app's to remove. */
async function reachableDocker(ctx: Ctx, app: string): Promise<DockerEngine | undefined> {
  const docker = await ctx.docker();
  if (await docker.reachable()) return docker;
  ctx.log.trace(`docker unreachable, containers and images of ${app} not checked`);
  return undefined;
}

/**
 * Removes the app's build-stage containers (running or not). Called with the app's lock held or
 * its builds stopped, so any such container belongs to a build that can no longer finish: a
 * canceled build, or a runner killed while the daemon kept its `/build` going.
 */
export async function removeBuildContainers(ctx: Ctx, app: string): Promise<number> {
  const docker = await reachableDocker(ctx, app);
  return docker ? removeBuildContainersOf(docker, app) : 0;
}

async function removeBuildContainersOf(docker: DockerEngine, app: string): Promise<number> {
  const stale = await docker.listContainers({ labels: { [LABELS.app]: app, [LABELS.imageStage]: "build" }, all: true });
  for (const container of stale) if (ownedBy(container.labels, app)) await docker.removeContainer(container.id, { force: true });
  return stale.length;
}

/**
 * `post-delete APP`: removes the app's build containers, then every image labelled with the app
 * (build and release stages of every builder), as Dokku's builders do when an app is destroyed.
 * The builder owns images and build containers; the app's other containers belong to its
 * scheduler, which removed them on `scheduler-stop`/`scheduler-post-delete`. Ownership is
 * checked per object.
 */
export const onPostDeleteImages: TriggerHandler<"post-delete"> = async (ctx, [app]) => {
  if (!app) return;
  const docker = await reachableDocker(ctx, app);
  if (!docker) return;
  await removeBuildContainersOf(docker, app);
  for (const image of await docker.listImages({ labels: { [LABELS.app]: app } })) {
    if (!ownedBy(image.labels, app)) continue;
    const tags = image.tags.filter((t) => t !== "<none>:<none>");
    const ours = tags.filter((t) => t.startsWith(`dokku/${app}:`));
    let inUse = false;
    for (const tag of ours) inUse = (await docker.removeImage(tag)) === "in-use" || inUse;
    // An image also tagged for something else (a retag, a registry name) keeps those tags.
    if (ours.length === tags.length) inUse = (await docker.removeImage(image.id, { force: true })) === "in-use" || inUse;
    // dokku-compat: Dokku ignores images it cannot remove; say which one stays and why.
    if (inUse) ctx.log.warn(`Image ${ours[0] ?? image.id} of ${app} is still in use (by a container or a child image), not removed`);
  }
};

/** `post-build-cancel APP BUILD_ID` (fired by builds:cancel): the canceled build's containers go. */
export const onPostBuildCancel: TriggerHandler<"post-build-cancel"> = async (ctx, [app]) => {
  if (!app) return;
  const removed = await removeBuildContainers(ctx, app);
  if (removed > 0) ctx.log.detail(`Removed ${removed} build container(s) of ${app}`);
};
