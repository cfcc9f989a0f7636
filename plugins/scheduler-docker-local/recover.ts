import type { Ctx } from "../../src/core/context.ts";
import type { DockerEngine } from "../../src/docker/engine.ts";
import { LABELS, ownedBy } from "../../src/docker/labels.ts";
import { applyCommit, readJournal } from "./commit.ts";
import { readDynos, sameId } from "./dynos.ts";
import { retireDue } from "./retire.ts";
import { readQueue } from "./retire-queue.ts";

/**
 * The crash-safe backstop, run with the app's lock held (so no deploy of the app is alive): at
 * the start of every deploy and by `ps:retire`. A deploy killed after its commit point is
 * finished; containers of deploys killed before it are removed; retirements that are due happen.
 */
export async function recoverApp(ctx: Ctx, docker: DockerEngine, app: string): Promise<void> {
  const journal = await readJournal(ctx, app);
  if (journal) {
    ctx.log.step(`Completing the interrupted deploy of ${app}`);
    await applyCommit(ctx, docker, app, journal);
  }
  await removeOrphans(ctx, docker, app);
  await retireDue(ctx, docker, app);
}

/**
 * Deploy containers of the app that are neither live (a `CONTAINER.*` file names them) nor
 * queued for retirement. Only a deploy creates such containers, and a live deploy holds the lock
 * we hold: these belong to deploys that died before their commit point. Found by label.
 */
export async function removeOrphans(ctx: Ctx, docker: DockerEngine, app: string): Promise<number> {
  const known = [...(await readDynos(ctx, app)).map((d) => d.id), ...(await readQueue(ctx)).filter((e) => e.app === app).map((e) => e.id)];
  const containers = await docker.listContainers({ labels: { [LABELS.app]: app, [LABELS.containerType]: "deploy" }, all: true });
  const orphans = containers.filter((c) => ownedBy(c.labels, app) && !known.some((id) => sameId(id, c.id)));
  for (const orphan of orphans) {
    ctx.log.detail(`Removing container ${orphan.name} (${orphan.id.slice(0, 12)}) left by an interrupted deploy`);
    await docker.removeContainer(orphan.id, { force: true });
  }
  return orphans.length;
}

/** Rewrites the IP files of the app's running live containers from docker (their IPs change when the daemon restarts). */
export async function refreshAddresses(ctx: Ctx, docker: DockerEngine, app: string): Promise<void> {
  for (const dyno of await readDynos(ctx, app)) {
    if (!(await docker.inspectContainer(dyno.id))?.running) continue;
    const ip = (await ctx.triggers.query("network-get-ipaddr", app, dyno.type, dyno.id)).trim();
    if (ip) await ctx.triggers.notify("network-write-ipaddr", app, dyno.type, String(dyno.index), ip);
  }
}
