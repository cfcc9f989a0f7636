import type { DockerEngine } from "./engine.ts";

/**
 * Creates the engine on first use from the environment snapshot: dockerode is imported lazily so
 * commands that never touch Docker (config:get, apps:list) do not pay for loading it.
 */
export function lazyDocker(vars: Readonly<Record<string, string>>): () => Promise<DockerEngine> {
  let engine: Promise<DockerEngine> | undefined;
  return () => {
    engine ??= import("./dockerode-engine.ts").then((m) => m.createDockerEngine(vars));
    return engine;
  };
}

/**
 * An engine for another daemon than the host's (`unix:///path`, `tcp://host:port`,
 * `ssh://user@host`): the swarm scheduler's nodes. Same snapshot otherwise (TLS files, the
 * docker CLI binary and its config).
 */
export async function dockerAt(vars: Readonly<Record<string, string>>, endpoint: string): Promise<DockerEngine> {
  const { dockerEndpoint } = await import("./connection.ts");
  const at = { ...vars, DOCKER_HOST: endpoint };
  dockerEndpoint(at); // a malformed endpoint is the caller's error, before anything connects
  return (await import("./dockerode-engine.ts")).createDockerEngine(at);
}
