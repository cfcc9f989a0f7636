import type { Ctx } from "../../src/core/context.ts";
import { errorMessage } from "../../src/core/errors.ts";
import type { DockerEngine } from "../../src/docker/engine.ts";
import { ownedBy } from "../../src/docker/labels.ts";
import { dynoName, readDynos } from "./dynos.ts";

/**
 * Gives each live container Dokku's name `APP.TYPE.N` (reference 7.3, core-post-deploy): the
 * container holding that name (the one it replaced) becomes `APP.TYPE.N.<epoch>`. Names are for
 * people and their scripts; the code finds containers by label, so a failed rename only warns
 * (DESIGN 3.8).
 */
export async function renameContainers(ctx: Ctx, docker: DockerEngine, app: string): Promise<void> {
  const epoch = Math.floor(Date.now() / 1000);
  for (const dyno of await readDynos(ctx, app)) {
    const want = `${app}.${dynoName(dyno)}`;
    try {
      const info = await docker.inspectContainer(dyno.id);
      if (!info || info.name === want) continue;
      const holder = await docker.inspectContainer(want);
      if (holder && holder.id !== info.id) {
        if (!ownedBy(holder.labels, app)) {
          ctx.log.warn(`Container name ${want} is taken by a container that is not ${app}'s; keeping ${info.name}`);
          continue;
        }
        await docker.renameContainer(holder.id, `${want}.${epoch}`);
      }
      ctx.log.detail(`Renaming container ${info.name} (${info.id.slice(0, 12)}) to ${want}`);
      await docker.renameContainer(info.id, want);
    } catch (error) {
      ctx.log.warn(`Could not rename the container of ${want}: ${errorMessage(error)}`);
    }
  }
}
