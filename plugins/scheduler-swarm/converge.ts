// Waiting (bounded, polling) for Swarm to finish what a deploy asked: a new service's tasks all
// running, or an update completed; a failed task or a rollback is the deploy's failure.
import type { DockerEngine, SwarmTaskInfo } from "../../src/docker/engine.ts";

export type Outcome = { ok: true } | { ok: false; reason: string; rolledBack: boolean; task: SwarmTaskInfo | undefined };

const POLL_MS = 500;
/** An update Swarm never reports as started (nothing to replace) counts as done once its tasks run. */
const UNSTARTED_GRACE_MS = 15_000;
const FAILED = new Set(["failed", "rejected"]);

const pause = () => new Promise((resolve) => setTimeout(resolve, POLL_MS));

/** Tasks the orchestrator wants running that run. */
export function runningTasks(tasks: readonly SwarmTaskInfo[]): SwarmTaskInfo[] {
  return tasks.filter((t) => t.desiredState === "running" && t.state === "running");
}

/** The most recent failed task of a service: what a failed deploy shows. */
export function lastFailedTask(tasks: readonly SwarmTaskInfo[], since = ""): SwarmTaskInfo | undefined {
  return tasks.filter((t) => FAILED.has(t.state) && t.updatedAt >= since).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
}

/** A new service: every replica running, or the first task that fails (a failing health check fails its task). */
export async function waitCreated(docker: DockerEngine, id: string, replicas: number, timeoutMs: number): Promise<Outcome> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tasks = await docker.listSwarmTasks({ service: id });
    const failed = lastFailedTask(tasks);
    if (failed) return { ok: false, reason: `task ${failed.id.slice(0, 12)} ${failed.state}: ${failed.message}`, rolledBack: false, task: failed };
    if (runningTasks(tasks).length >= replicas) return { ok: true };
    if (Date.now() > deadline) return { ok: false, reason: `${runningTasks(tasks).length} of ${replicas} tasks running after ${timeoutMs / 1000} seconds`, rolledBack: false, task: undefined };
    await pause();
  }
}

/**
 * An update of an existing service, told from earlier ones by its start time: `completed`, or
 * `paused` / `rollback_*` (the failure action ran; a rollback is waited for, so the previous
 * release serves again when this returns). `onTick` sees the tasks at every poll.
 */
export async function waitUpdated(
  docker: DockerEngine, id: string, before: string, replicas: number, timeoutMs: number, onTick?: (tasks: SwarmTaskInfo[]) => Promise<void>,
): Promise<Outcome> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  for (;;) {
    const info = await docker.inspectService(id);
    if (!info) return { ok: false, reason: "the service disappeared during the update", rolledBack: false, task: undefined };
    const tasks = await docker.listSwarmTasks({ service: id });
    await onTick?.(tasks);
    const fresh = info.updateStartedAt !== "" && info.updateStartedAt !== before;
    const failure = (rolledBack: boolean): Outcome => {
      const task = lastFailedTask(tasks, info.updateStartedAt);
      return { ok: false, reason: info.updateMessage || (task ? `task ${task.id.slice(0, 12)} ${task.state}: ${task.message}` : "update failed"), rolledBack, task };
    };
    if (fresh && info.updateState === "completed") return { ok: true };
    if (fresh && (info.updateState === "paused" || info.updateState === "rollback_paused")) return failure(info.updateState === "rollback_paused");
    if (fresh && info.updateState === "rollback_completed") return failure(true);
    if (!fresh && Date.now() - started > UNSTARTED_GRACE_MS && runningTasks(tasks).length >= replicas) return { ok: true };
    if (Date.now() > deadline) return { ok: false, reason: `the update did not finish in ${timeoutMs / 1000} seconds (state ${info.updateState || "none"})`, rolledBack: false, task: undefined };
    await pause();
  }
}
