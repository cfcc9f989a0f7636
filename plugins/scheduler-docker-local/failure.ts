import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { writeFileAtomic } from "../../src/core/fs-atomic.ts";
import type { DockerEngine } from "../../src/docker/engine.ts";
import { SCHEDULER_DOCKER_LOCAL } from "./schema.ts";

/** Lines of a failed container's output shown with the error. */
const TAIL = 30;

/** `LIB/data/scheduler-docker-local/APP/failed-containers`: `<cid> <type>.<index>` lines for logs:failed. */
export function failedContainersFile(ctx: Ctx, app: string): string {
  return join(ctx.paths.dataDir(SCHEDULER_DOCKER_LOCAL, app), "failed-containers");
}

export async function recordFailed(ctx: Ctx, app: string, failed: { id: string; dyno: string }[]): Promise<void> {
  await writeFileAtomic(failedContainersFile(ctx, app), failed.map((f) => `${f.id} ${f.dyno}\n`).join(""), { mode: 0o644, owner: ctx.props.owner });
}

/** The container's last lines of output in Dokku's frame (reference 8.3). */
export async function showContainerOutput(ctx: Ctx, docker: DockerEngine, app: string, id: string, dyno: string): Promise<void> {
  const lines: string[] = [];
  await docker.containerLogs(id, { tail: TAIL }, (line) => lines.push(line)).catch(() => "absent");
  // dokku-compat: Dokku's framing of a failed container's output.
  ctx.log.header(`Start of ${app} container output (${id.slice(0, 12)} ${dyno})`);
  for (const line of lines) ctx.log.data(line);
  ctx.log.header(`End of ${app} container output (${id.slice(0, 12)} ${dyno})`);
}
