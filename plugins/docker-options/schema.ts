/** Property namespace of the docker-options plugin. */
export const DOCKER_OPTIONS = "docker-options";

/** Dokku's phases: build containers, deployed process containers, one-off `run` containers. */
export const PHASES = ["build", "deploy", "run"] as const;
export type Phase = (typeof PHASES)[number];

/** The scope of options that apply to every process type (reference 7.5). */
export const DEFAULT_SCOPE = "_default_";

/** List property holding one scope's options for one phase: `docker-options/APP/<scope>.<phase>`. */
export function optionsKey(scope: string, phase: Phase): string {
  return `${scope}.${phase}`;
}

/** Procfile process type names (procfile-util's grammar). */
export const PROCESS_TYPE = /^[A-Za-z0-9_-]{1,63}$/;
