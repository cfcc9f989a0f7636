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
