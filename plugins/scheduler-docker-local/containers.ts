import type { ContainerSummary, DockerEngine } from "../../src/docker/engine.ts";
import { LABELS, ownedBy } from "../../src/docker/labels.ts";

/**
 * The app's containers this scheduler owns, found by label (never by name): everything labelled
 * with the app except build containers, which belong to the builder that runs them.
 */
export async function appContainers(docker: DockerEngine, app: string): Promise<ContainerSummary[]> {
  const listed = await docker.listContainers({ labels: { [LABELS.app]: app }, all: true });
  return listed.filter((c) => ownedBy(c.labels, app) && c.labels[LABELS.imageStage] !== "build");
}

/** True while the container has a process the daemon could stop. */
function stoppable(container: ContainerSummary): boolean {
  return container.state === "running" || container.state === "restarting" || container.state === "paused";
}

/**
 * Stops the running ones in parallel: restart policy off first (`container update --restart=no`),
 * so the daemon does not bring them back, then SIGTERM and SIGKILL after `timeoutSeconds`.
 */
export async function stopContainers(docker: DockerEngine, containers: readonly ContainerSummary[], timeoutSeconds: number): Promise<number> {
  const running = containers.filter(stoppable);
  await Promise.all(
    running.map(async (c) => {
      await docker.updateRestartPolicy(c.id, "no");
      await docker.stopContainer(c.id, { timeoutSeconds });
    }),
  );
  return running.length;
}

/** Force-removes containers (and their anonymous volumes) in parallel; gone ones are fine. */
export async function removeContainers(docker: DockerEngine, containers: readonly ContainerSummary[]): Promise<void> {
  await Promise.all(containers.map((c) => docker.removeContainer(c.id, { force: true })));
}
