import { readFile, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { ensureDir, writeFileAtomic } from "../../src/core/fs-atomic.ts";
import { SCHEDULER_SWARM } from "./schema.ts";

/**
 * The Docker endpoint each node was added with (`LIB/data/scheduler-swarm/nodes/<node id>`):
 * `cluster:remove` reaches the node through it to make it leave.
 */
function nodesDir(ctx: Ctx): string {
  return join(ctx.paths.dataDir(SCHEDULER_SWARM), "nodes");
}

export async function saveEndpoint(ctx: Ctx, nodeId: string, endpoint: string): Promise<void> {
  await ensureDir(nodesDir(ctx));
  await writeFileAtomic(join(nodesDir(ctx), nodeId), `${endpoint}\n`);
}

export async function endpointOf(ctx: Ctx, nodeId: string): Promise<string | undefined> {
  const text = await readFile(join(nodesDir(ctx), nodeId), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  return text?.trim() || undefined;
}

export async function forgetEndpoint(ctx: Ctx, nodeId: string): Promise<void> {
  await rm(join(nodesDir(ctx), nodeId), { force: true });
}

/** Node ids with a stored endpoint. */
export async function knownNodes(ctx: Ctx): Promise<string[]> {
  return (await readdir(nodesDir(ctx)).catch(() => [] as string[])).filter((n) => !n.startsWith("."));
}
