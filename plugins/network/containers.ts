import type { Ctx } from "../../src/core/context.ts";
import { readDynos } from "../../src/core/dyno-files.ts";
import { UserError } from "../../src/core/errors.ts";
import type { DockerEngine } from "../../src/docker/engine.ts";
import { tldSuffix } from "./properties.ts";
import { DEFAULT_NETWORK } from "./schema.ts";

/**
 * The app's live containers from Dokku's `CONTAINER.TYPE.N` files (the scheduler writes them;
 * this is Dokku's on-disk contract, which the network plugin reads as Dokku's does).
 */
export const liveContainers = readDynos;

/**
 * The container's address for the proxy: `127.0.0.1` on the host network, else its IP on the
 * initial network (default bridge), else on any network it has. Empty when it has none (stopped).
 */
export async function containerAddress(docker: DockerEngine, id: string, initial: string): Promise<string> {
  const info = await docker.inspectContainer(id);
  if (!info) return "";
  if (info.networks.host) return "127.0.0.1";
  const wanted = info.networks[initial || DEFAULT_NETWORK]?.ip;
  if (wanted) return wanted;
  return Object.values(info.networks).map((n) => n.ip).find(Boolean) ?? "";
}

/**
 * Connects a container to each network, with Dokku's deploy aliases `APP.TYPE[.TLD]` and
 * `<hostname>.APP.TYPE[.TLD]` when the process type is known. A missing network is an error.
 */
export async function attachNetworks(ctx: Ctx, docker: DockerEngine, networks: readonly string[], app: string, id: string, type: string): Promise<void> {
  if (networks.length === 0) return;
  const tld = await tldSuffix(ctx, app);
  const aliases = type ? [`${app}.${type}${tld}`, `${id.slice(0, 12)}.${app}.${type}${tld}`] : [];
  for (const network of networks) {
    const outcome = await docker.connectNetwork(network, id, { aliases });
    if (outcome === "absent") {
      if (!(await docker.inspectNetwork(network))) throw new UserError(`Network ${network} does not exist`);
      throw new UserError(`Container ${id.slice(0, 12)} of ${app} does not exist`);
    }
  }
}
