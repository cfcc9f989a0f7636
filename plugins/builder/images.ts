import type { TriggerHandler } from "../../src/core/plugin.ts";
import { chainHandlers } from "../../src/core/property-lifecycle.ts";
import { LABELS, ownedBy } from "../../src/docker/labels.ts";

/**
 * `post-delete APP`: removes every image labelled with the app (build and release stages of
 * every builder), as Dokku's builders do when an app is destroyed. Ownership is checked per
 * image; without a reachable daemon there is nothing to remove and the destroy goes on.
 */
export const onPostDeleteImages: TriggerHandler = async (ctx, [app]) => {
  if (!app) return;
  const docker = await ctx.docker();
  if (!(await docker.ping().then(() => true, () => false))) {
    ctx.log.trace(`docker unreachable, images of ${app} not checked`);
    return;
  }
  for (const image of await docker.listImages({ labels: { [LABELS.app]: app } })) {
    if (!ownedBy(image.labels, app)) continue;
    for (const tag of image.tags.filter((t) => t !== "<none>:<none>")) await docker.removeImage(tag, { force: true });
    await docker.removeImage(image.id, { force: true });
  }
};

export function withImageCleanup(handler: TriggerHandler): TriggerHandler {
  return chainHandlers(handler, onPostDeleteImages);
}
