import type Docker from "dockerode";
import type { DockerEngine } from "../engine.ts";
import { labelFilter } from "../labels.ts";
import { dockerError, expected, rethrow, statusOf } from "./errors.ts";
import { toNetworkInfo, toNetworkSummary } from "./mapping.ts";

type NetworkMethods = Pick<DockerEngine, "createNetwork" | "inspectNetwork" | "listNetworks" | "connectNetwork" | "disconnectNetwork" | "removeNetwork">;

/** Networks over the API. */
export function networkMethods(api: Docker): NetworkMethods {
  const n = (name: string) => api.getNetwork(name);
  return {
    createNetwork: (name, { labels, driver = "bridge", attachable = false, internal = false }) =>
      api
        .createNetwork({ Name: name, CheckDuplicate: true, Driver: driver, Attachable: attachable, Internal: internal, Labels: { ...labels } })
        .then(() => "created" as const, expected({ 409: "exists" } as const)),
    inspectNetwork: (name) => n(name).inspect().then(toNetworkInfo, expected({ 404: undefined } as const)),
    async listNetworks({ labels } = {}) {
      const list = (await api.listNetworks(labels ? { filters: labelFilter(labels) } : {}).catch(rethrow)) as Docker.NetworkInspectInfo[];
      return list.map(toNetworkSummary);
    },
    connectNetwork: (network, container, { aliases } = {}) =>
      n(network)
        .connect({ Container: container, ...(aliases ? { EndpointConfig: { Aliases: [...aliases] } } : {}) })
        .then(() => "connected" as const, (error: unknown) => {
          if (statusOf(error) === 404) return "absent" as const;
          if (/already exists|already attached/i.test(String((error as Error).message))) return "already-connected" as const;
          throw dockerError(error);
        }),
    disconnectNetwork: (network, container, { force = false } = {}) =>
      n(network)
        .disconnect({ Container: container, Force: force })
        .then(() => "disconnected" as const, (error: unknown) => {
          if (/is not connected/i.test(String((error as Error).message))) return "not-connected" as const;
          if (statusOf(error) === 404) return "absent" as const;
          throw dockerError(error);
        }),
    removeNetwork: (name) => n(name).remove().then(() => "removed" as const, expected({ 404: "absent" } as const)),
  };
}
