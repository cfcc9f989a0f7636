import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { DokkuError, isNotFound } from "../../src/core/errors.ts";
import { writeFileAtomic } from "../../src/core/fs-atomic.ts";
import type { DockerEngine } from "../../src/docker/engine.ts";
import { removeDynoFiles, writeContainerFile } from "./dynos.ts";
import { enqueue } from "./retire-queue.ts";
import type { Started } from "./rollout.ts";
import { SCHEDULER_DOCKER_LOCAL } from "./schema.ts";

/**
 * What a deploy changes once every new container passed its checks. Written to disk first (the
 * commit point), then applied; a deploy killed after the commit point is finished by the next
 * command that takes the app's lock (`recover.ts`), so the state files, the proxy and the
 * retirement queue never disagree for longer than that.
 */
export interface Commit {
  tag: string;
  /** The new containers: their state files are written. */
  dynos: Started[];
  /** Dynos whose state files go (scaled down, or their type left the formation). */
  drop: { type: string; index: number }[];
  /** Old containers, retired `wait` seconds after the switch. */
  retire: string[];
  wait: number;
}

const journal = (ctx: Ctx, app: string) => join(ctx.paths.dataDir(SCHEDULER_DOCKER_LOCAL, app), "deploy-commit.json");

export async function writeJournal(ctx: Ctx, app: string, commit: Commit): Promise<void> {
  await writeFileAtomic(journal(ctx, app), JSON.stringify(commit), { owner: ctx.props.owner });
}

export async function readJournal(ctx: Ctx, app: string): Promise<Commit | undefined> {
  let text: string;
  try {
    text = await readFile(journal(ctx, app), "utf8");
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as Commit;
  } catch (error) {
    throw new DokkuError(`Cannot read ${journal(ctx, app)}: ${(error as Error).message}`);
  }
}

/**
 * Applies a written commit; every step may run twice. State files first (CONTAINER here, IP and
 * PORT through the network plugin), then `core-post-deploy` (the proxy switches traffic to the
 * new containers, renames), then the old containers are queued for retirement, with their
 * restart policy off so a reboot cannot bring them back. The journal goes last.
 */
export async function applyCommit(ctx: Ctx, docker: DockerEngine, app: string, commit: Commit): Promise<void> {
  for (const dyno of commit.dynos) {
    await writeContainerFile(ctx, app, dyno);
    await ctx.triggers.notify("network-write-ipaddr", app, dyno.type, String(dyno.index), dyno.ip);
    if (dyno.port) await ctx.triggers.notify("network-write-port", app, dyno.type, String(dyno.index), dyno.port);
  }
  for (const dyno of commit.drop) await removeDynoFiles(ctx, app, dyno);
  ctx.log.step("Running post-deploy");
  await ctx.triggers.notify("core-post-deploy", app, "", "", commit.tag);
  for (const id of commit.retire) await docker.updateRestartPolicy(id, "no");
  await enqueue(ctx, app, commit.retire, commit.wait);
  await rm(journal(ctx, app), { force: true });
}
