import { readFileSync } from "node:fs";
import Docker from "dockerode";
import { DokkuError, UserError, errorMessage } from "../core/errors.ts";
import { containerMethods } from "./api/containers.ts";
import { imageMethods } from "./api/images.ts";
import { networkMethods } from "./api/networks.ts";
import { registryMethods } from "./api/registry.ts";
import { serviceMethods } from "./api/services.ts";
import { swarmMethods } from "./api/swarm.ts";
import { createDockerCli, createDockerCliAttach } from "./cli.ts";
import { rethrow } from "./api/errors.ts";
import { type TlsFiles, dockerEndpoint, modemOptions, tlsPaths } from "./connection.ts";
import type { DockerEngine } from "./engine.ts";

/**
 * The engine for one environment snapshot: dockerode for the API, the docker CLI for commands
 * that take docker-options. Both are pointed at the endpoint the snapshot names (`DOCKER_HOST`
 * from the process or /etc/default/dokku); neither reads the process environment itself.
 */
export function createDockerEngine(vars: Readonly<Record<string, string>>): DockerEngine {
  const endpoint = dockerEndpoint(vars);
  const files = readTlsFiles(tlsPaths(endpoint));
  const api = new Docker(modemOptions(endpoint, vars, files) as Docker.DockerOptions);
  const cli = createDockerCli(vars, endpoint);
  const attach = createDockerCliAttach(vars, endpoint);
  const ping = async () => {
    await api.ping().catch((error: unknown) => {
      throw new DokkuError(`Docker is not available: ${errorMessage(error)}`, { cause: error });
    });
  };
  return {
    ping,
    reachable: () => ping().then(() => true, () => false),
    ...imageMethods(api, cli),
    ...containerMethods(api, cli, attach),
    ...networkMethods(api),
    ...registryMethods(cli),
    ...swarmMethods(api),
    ...serviceMethods(api),
    async info() {
      const info = (await api.info().catch(rethrow)) as { LoggingDriver?: string };
      return { loggingDriver: info.LoggingDriver ?? "" };
    },
  };
}

function readTlsFiles(paths: TlsFiles | undefined): TlsFiles | undefined {
  if (!paths) return undefined;
  try {
    return { ca: readFileSync(paths.ca, "utf8"), cert: readFileSync(paths.cert, "utf8"), key: readFileSync(paths.key, "utf8") };
  } catch (error) {
    throw new UserError(`Cannot read the Docker TLS client files (DOCKER_CERT_PATH): ${errorMessage(error)}`);
  }
}
