/** Property namespace of the builder-dockerfile plugin. */
export const BUILDER_DOCKERFILE = "builder-dockerfile";

export const DockerfileProps = {
  /** Path of the Dockerfile inside the source, moved to `Dockerfile` before the build. */
  dockerfilePath: "dockerfile-path",
} as const;

export const SETTABLE = { keys: [DockerfileProps.dockerfilePath], global: [DockerfileProps.dockerfilePath] } as const;

export const DEFAULT_DOCKERFILE = "Dockerfile";
