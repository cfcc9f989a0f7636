// Pure: the Swarm service of one process type of a release, from the formation, the config, the
// mapped docker options, the health check and the scheduler-swarm settings.
import type { HealthConfig, ServiceSpec } from "../../src/docker/service-spec.ts";
import { LABELS, appLabels } from "../../src/docker/labels.ts";
import type { MappedOptions } from "./docker-options.ts";

export interface ServiceSettings {
  order: "start-first" | "stop-first";
  parallelism: number;
  failureAction: "rollback" | "pause" | "continue";
  constraints: string[];
  maxReplicasPerNode: number;
}

export interface ServiceInput {
  app: string;
  type: string;
  /** What every node runs: the registry reference, or the local image on a one-node swarm. */
  image: string;
  /** Release number for the `com.dokku.release` label ("" when unknown). */
  release: string;
  replicas: number;
  /** Merged config, applied to the tasks at deploy time. */
  config: ReadonlyMap<string, string>;
  command: string[] | undefined;
  /** The web process's container port (published on a host port per task); undefined for other types. */
  port: number | undefined;
  options: MappedOptions;
  healthcheck: HealthConfig | undefined;
  settings: ServiceSettings;
  /** Swarm replaces every task when this changes (ps:restart). */
  forceUpdate: number;
}

/** `APP-TYPE`, Dokku's scheduler-k3s habit for one workload per process type. */
export function serviceName(app: string, type: string): string {
  return `${app}-${type}`;
}

/** The labels every service and task container of the app's process type carries. */
export function serviceLabels(app: string, type: string, release: string): Record<string, string> {
  return appLabels(app, {
    [LABELS.processType]: type,
    [LABELS.containerType]: "deploy",
    ...(release ? { [LABELS.release]: release } : {}),
  });
}

/**
 * The environment: config values, then the docker options' `--env` entries (a value-less one
 * names a config key, already present), then `DYNO=TYPE.<task slot>` (a Swarm template) and, for
 * web, `PORT`. Later entries win in Docker, as with docker-local's flag order.
 * dokku-compat: values are part of the service spec (docker service inspect shows them); Swarm has no
 * way to pass them to a task outside it.
 */
export function serviceEnv(input: Pick<ServiceInput, "config" | "options" | "type" | "port">): string[] {
  const env = [...input.config].map(([key, value]) => `${key}=${value}`);
  for (const entry of input.options.env) if (entry.includes("=")) env.push(entry);
  env.push(`DYNO=${input.type}.{{.Task.Slot}}`);
  if (input.port !== undefined) env.push(`PORT=${input.port}`);
  return env;
}

export function buildServiceSpec(input: ServiceInput): ServiceSpec {
  const labels = serviceLabels(input.app, input.type, input.release);
  const { settings, options } = input;
  const update = { Parallelism: settings.parallelism, Order: settings.order };
  return {
    Name: serviceName(input.app, input.type),
    Labels: labels,
    TaskTemplate: {
      ContainerSpec: {
        ...options.container,
        Image: input.image,
        Labels: { ...labels, ...(options.container.Labels ?? {}) },
        ...(input.command ? { Command: input.command } : {}),
        Env: serviceEnv(input),
        ...(input.healthcheck ? { HealthCheck: input.healthcheck } : {}),
      },
      ...(options.task.Resources ? { Resources: options.task.Resources } : {}),
      ...(options.task.LogDriver ? { LogDriver: options.task.LogDriver } : {}),
      ...(options.task.Networks ? { Networks: options.task.Networks } : {}),
      RestartPolicy: { Condition: "any", Delay: 1e9 },
      Placement: {
        Constraints: settings.constraints,
        ...(settings.maxReplicasPerNode > 0 ? { MaxReplicas: settings.maxReplicasPerNode } : {}),
      },
      ForceUpdate: input.forceUpdate,
    },
    Mode: { Replicated: { Replicas: input.replicas } },
    UpdateConfig: { ...update, FailureAction: settings.failureAction, MaxFailureRatio: 0 },
    RollbackConfig: { ...update, FailureAction: "pause", MaxFailureRatio: 0 },
    // dnsrr: no virtual IP, so no IPVS is needed; the web port is published on a host port per
    // task (host mode, Docker picks the port) and the proxy reaches each task there.
    EndpointSpec: {
      Mode: "dnsrr",
      Ports: input.port !== undefined ? [{ Protocol: "tcp", TargetPort: input.port, PublishMode: "host" }] : [],
    },
  };
}
