import type { Ctx } from "../../src/core/context.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import type { DockerEngine } from "../../src/docker/engine.ts";
import { LABELS, ownedBy } from "../../src/docker/labels.ts";

/** The engine when the daemon answers; without one there is nothing of the app's to remove. */
async function reachableDocker(ctx: Ctx, app: string): Promise<DockerEngine | undefined> {
  const docker = await ctx.docker();
  if (await docker.ping().then(() => true, () => false)) return docker;
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
  if (!docker) return 0;
  const stale = await docker.listContainers({ labels: { [LABELS.app]: app, [LABELS.imageStage]: "build" }, all: true });
  for (const container of stale) if (ownedBy(container.labels, app)) await docker.removeContainer(container.id, { force: true });
  return stale.length;
}

/**
 * `post-delete APP`: removes the app's containers, then every image labelled with the app
 * (build and release stages of every builder), as Dokku's builders do when an app is destroyed.
 * Ownership is checked per object.
 */
export const onPostDeleteImages: TriggerHandler<"post-delete"> = async (ctx, [app]) => {
  if (!app) return;
  const docker = await reachableDocker(ctx, app);
  if (!docker) return;
  for (const container of await docker.listContainers({ labels: { [LABELS.app]: app }, all: true })) {
    if (ownedBy(container.labels, app)) await docker.removeContainer(container.id, { force: true });
  }
  for (const image of await docker.listImages({ labels: { [LABELS.app]: app } })) {
    if (!ownedBy(image.labels, app)) continue;
    const tags = image.tags.filter((t) => t !== "<none>:<none>");
    const ours = tags.filter((t) => t.startsWith(`dokku/${app}:`));
    for (const tag of ours) await docker.removeImage(tag);
    // An image also tagged for something else (a retag, a registry name) keeps those tags.
    if (ours.length === tags.length) await docker.removeImage(image.id, { force: true });
  }
};

/** `post-build-cancel APP BUILD_ID` (fired by builds:cancel): the canceled build's containers go. */
export const onPostBuildCancel: TriggerHandler<"post-build-cancel"> = async (ctx, [app]) => {
  if (!app) return;
  const removed = await removeBuildContainers(ctx, app);
  if (removed > 0) ctx.log.detail(`Removed ${removed} build container(s) of ${app}`);
};
