import type Docker from "dockerode";
import type { DockerEngine, SwarmNodeInfo, SwarmState } from "../engine.ts";
import { expected, rethrow } from "./errors.ts";

type SwarmMethods = Pick<DockerEngine, "listSwarmTasks" | "swarmState" | "swarmInit" | "swarmJoinTokens" | "swarmJoin" | "swarmLeave" | "listSwarmNodes" | "setNodeAvailability" | "removeSwarmNode">;

interface RawInfo {
  Swarm?: { LocalNodeState?: string; NodeID?: string; NodeAddr?: string; ControlAvailable?: boolean; Cluster?: { ID?: string }; RemoteManagers?: { Addr?: string }[] | null };
}

interface RawNode {
  ID: string;
  Version?: { Index?: number };
  Spec?: Record<string, unknown> & { Role?: string; Availability?: string };
  Description?: { Hostname?: string };
  Status?: { State?: string; Addr?: string };
  ManagerStatus?: { Leader?: boolean; Addr?: string };
}

/** Swarm mode over the API: this engine's membership, the cluster's nodes (on a manager). */
export function swarmMethods(api: Docker): SwarmMethods {
  return {
    async swarmState() {
      const swarm = ((await api.info().catch(rethrow)) as RawInfo).Swarm ?? {};
      return {
        state: (swarm.LocalNodeState || "inactive") as SwarmState["state"],
        nodeId: swarm.NodeID ?? "",
        nodeAddr: swarm.NodeAddr ?? "",
        manager: swarm.ControlAvailable === true,
        clusterId: swarm.Cluster?.ID ?? "",
        managers: (swarm.RemoteManagers ?? []).map((m) => m.Addr ?? "").filter(Boolean),
      };
    },
    async swarmInit({ advertiseAddr }) {
      const nodeId = await api.swarmInit({ ListenAddr: "0.0.0.0:2377", ...(advertiseAddr ? { AdvertiseAddr: advertiseAddr } : {}) }).catch(rethrow);
      return String(nodeId);
    },
    async swarmJoinTokens() {
      const swarm = (await api.swarmInspect().catch(rethrow)) as { JoinTokens?: { Worker?: string; Manager?: string } };
      return { worker: swarm.JoinTokens?.Worker ?? "", manager: swarm.JoinTokens?.Manager ?? "" };
    },
    async swarmJoin({ managers, token, advertiseAddr }) {
      await api.swarmJoin({ ListenAddr: "0.0.0.0:2377", RemoteAddrs: [...managers], JoinToken: token, ...(advertiseAddr ? { AdvertiseAddr: advertiseAddr } : {}) }).catch(rethrow);
    },
    swarmLeave: ({ force = false } = {}) => api.swarmLeave({ force }).then(() => "left" as const, expected({ 503: "not-in-swarm" } as const)),
    async listSwarmNodes() {
      const nodes = (await api.listNodes().catch(rethrow)) as RawNode[];
      return nodes.map(toNodeInfo);
    },
    async setNodeAvailability(id, availability) {
      const node = api.getNode(id);
      const raw = (await node.inspect().catch(expected({ 404: undefined } as const))) as RawNode | undefined;
      if (!raw) return "absent";
      await node.update({ _query: { version: raw.Version?.Index ?? 0 }, _body: { ...raw.Spec, Availability: availability } }).catch(rethrow);
      return "updated";
    },
    async listSwarmTasks({ node, service } = {}) {
      const filters: Record<string, string[]> = {};
      if (node) filters.node = [node];
      if (service) filters.service = [service];
      const tasks = (await api.listTasks({ filters }).catch(rethrow)) as RawTask[];
      return tasks.map((t) => ({
        id: t.ID, serviceId: t.ServiceID ?? "", nodeId: t.NodeID ?? "", slot: t.Slot ?? 0,
        desiredState: t.DesiredState ?? "", state: t.Status?.State ?? "", message: t.Status?.Err || t.Status?.Message || "",
        containerId: t.Status?.ContainerStatus?.ContainerID ?? "",
        ports: (t.Status?.PortStatus?.Ports ?? []).map((p) => ({ target: p.TargetPort ?? 0, published: p.PublishedPort ?? 0 })),
        updatedAt: t.UpdatedAt ?? "",
        exitCode: t.Status?.ContainerStatus?.ExitCode,
      }));
    },
    removeSwarmNode: (id, { force = false } = {}) =>
      api.getNode(id).remove({ force }).then(() => "removed" as const, expected({ 404: "absent" } as const)),
  };
}

interface RawTask {
  ID: string;
  ServiceID?: string;
  NodeID?: string;
  Slot?: number;
  DesiredState?: string;
  UpdatedAt?: string;
  Status?: {
    State?: string; Message?: string; Err?: string;
    ContainerStatus?: { ContainerID?: string; ExitCode?: number };
    PortStatus?: { Ports?: { TargetPort?: number; PublishedPort?: number }[] };
  };
}

function toNodeInfo(raw: RawNode): SwarmNodeInfo {
  return {
    id: raw.ID,
    hostname: raw.Description?.Hostname ?? "",
    role: raw.Spec?.Role === "manager" ? "manager" : "worker",
    state: raw.Status?.State ?? "unknown",
    availability: raw.Spec?.Availability ?? "unknown",
    address: raw.Status?.Addr ?? "",
    leader: raw.ManagerStatus?.Leader === true,
  };
}
