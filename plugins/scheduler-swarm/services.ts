// The swarm services of an app, found by their labels (DESIGN 3.8), and where their web tasks listen.
import type { DockerEngine, ServiceInfo, SwarmTaskInfo } from "../../src/docker/engine.ts";
import { LABELS, ownedBy } from "../../src/docker/labels.ts";
import { runningTasks } from "./converge.ts";

/** The app's services by process type (only those carrying the app's label). */
export async function appServices(docker: DockerEngine, app: string): Promise<Map<string, ServiceInfo>> {
  const out = new Map<string, ServiceInfo>();
  for (const service of await docker.listServices({ labels: { [LABELS.app]: app } })) {
    const type = service.labels[LABELS.processType];
    if (ownedBy(service.labels, app) && type) out.set(type, service);
  }
  return out;
}

/** Replicas a service asks for. */
export function replicasOf(service: ServiceInfo): number {
  return service.spec.Mode?.Replicated?.Replicas ?? 0;
}

/** Running tasks of a service, by slot. */
export async function serviceTasks(docker: DockerEngine, service: ServiceInfo): Promise<SwarmTaskInfo[]> {
  return runningTasks(await docker.listSwarmTasks({ service: service.id })).sort((a, b) => a.slot - b.slot);
}

/**
 * `ip:port` of every running task of a service: the address of its node and the host port its
 * container port is published on (host mode), in slot order.
 */
export async function taskListeners(docker: DockerEngine, service: ServiceInfo): Promise<string[]> {
  const addresses = new Map((await docker.listSwarmNodes()).map((n) => [n.id, n.address]));
  const out: string[] = [];
  for (const task of await serviceTasks(docker, service)) {
    const address = addresses.get(task.nodeId);
    const port = task.ports[0]?.published;
    if (address && port) out.push(`${address}:${port}`);
  }
  return out;
}
