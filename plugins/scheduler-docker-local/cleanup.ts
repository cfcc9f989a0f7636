import type { Ctx } from "../../src/core/context.ts";
import type { DockerEngine } from "../../src/docker/engine.ts";
import { LABELS, ownedBy } from "../../src/docker/labels.ts";
import { readDynos, sameId } from "./dynos.ts";
import { readQueue } from "./retire-queue.ts";

/**
 * `scheduler-docker-cleanup docker-local APP` (before a build, under the app's lock): stopped
 * deploy containers that are neither live nor queued for retirement, and the app's untagged
 * images (superseded builds no container uses). Images still in use stay.
 */
export async function cleanupApp(ctx: Ctx, docker: DockerEngine, app: string): Promise<void> {
  const known = [...(await readDynos(ctx, app)).map((d) => d.id), ...(await readQueue(ctx)).filter((e) => e.app === app).map((e) => e.id)];
  const containers = await docker.listContainers({ labels: { [LABELS.app]: app, [LABELS.containerType]: "deploy" }, all: true });
  for (const c of containers) {
    if (!ownedBy(c.labels, app) || c.state === "running" || c.state === "restarting" || c.state === "paused") continue;
    if (known.some((id) => sameId(id, c.id))) continue;
    await docker.removeContainer(c.id, { force: true });
  }
  for (const image of await docker.listImages({ labels: { [LABELS.app]: app } })) {
    if (!ownedBy(image.labels, app) || image.tags.length > 0) continue;
    await docker.removeImage(image.id);
  }
}
