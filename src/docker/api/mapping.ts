// Docker API payloads -> our vocabulary (engine.ts). Pure, so it is unit-tested with API samples.
import type Docker from "dockerode";
import type { ContainerInfo, ContainerState, ContainerSummary, HealthStatus, ImageInfo, ImageSummary, NetworkInfo, NetworkSummary } from "../engine.ts";

/** Docker's zero time, reported as StartedAt/FinishedAt of a container that never started/stopped. */
const ZERO_TIME = /^0001-01-01T00:00:00/;

const STATES: ReadonlySet<string> = new Set<ContainerState>(["created", "running", "paused", "restarting", "removing", "exited", "dead"]);

export function toState(text: string): ContainerState {
  const state = text.toLowerCase();
  return STATES.has(state) ? (state as ContainerState) : "dead";
}

/** Health from the list API's status text: `Up 3 minutes (healthy)`, `(health: starting)`. */
export function healthFromStatus(status: string): HealthStatus {
  if (/\(health: starting\)/.test(status)) return "starting";
  if (/\(unhealthy\)/.test(status)) return "unhealthy";
  if (/\(healthy\)/.test(status)) return "healthy";
  return "none";
}

function toHealth(status: string | undefined): HealthStatus {
  return status === "starting" || status === "healthy" || status === "unhealthy" ? status : "none";
}

export function toContainerSummary(c: Docker.ContainerInfo): ContainerSummary {
  const networks: ContainerSummary["networks"] = {};
  for (const [name, net] of Object.entries(c.NetworkSettings?.Networks ?? {})) networks[name] = { ip: net.IPAddress ?? "" };
  return {
    id: c.Id,
    name: (c.Names?.[0] ?? "").replace(/^\//, ""),
    image: c.Image,
    labels: c.Labels ?? {},
    command: c.Command ?? "",
    state: toState(c.State ?? ""),
    health: healthFromStatus(c.Status ?? ""),
    networks,
    created: c.Created,
  };
}

function time(value: string | undefined): string | undefined {
  return !value || ZERO_TIME.test(value) ? undefined : value;
}

function restartPolicyText(policy: { Name?: string; MaximumRetryCount?: number } | undefined): string {
  const name = policy?.Name || "no";
  return name === "on-failure" && policy?.MaximumRetryCount ? `${name}:${policy.MaximumRetryCount}` : name;
}

export function toContainerInfo(c: Docker.ContainerInspectInfo): ContainerInfo {
  const ports: ContainerInfo["ports"] = {};
  for (const [port, bindings] of Object.entries(c.NetworkSettings?.Ports ?? {})) {
    ports[port] = (bindings ?? []).map((b) => ({ hostIp: b.HostIp, hostPort: b.HostPort }));
  }
  const networks: ContainerInfo["networks"] = {};
  for (const [name, net] of Object.entries(c.NetworkSettings?.Networks ?? {})) {
    networks[name] = { ip: net.IPAddress ?? "", aliases: (net.Aliases as string[] | null | undefined) ?? [] };
  }
  return {
    id: c.Id,
    name: c.Name.replace(/^\//, ""),
    image: c.Config.Image,
    imageId: c.Image,
    labels: c.Config.Labels ?? {},
    state: toState(c.State.Status),
    health: toHealth(c.State.Health?.Status),
    running: c.State.Running,
    exitCode: c.State.ExitCode,
    startedAt: time(c.State.StartedAt),
    finishedAt: time(c.State.FinishedAt),
    restartCount: c.RestartCount,
    restartPolicy: restartPolicyText(c.HostConfig?.RestartPolicy),
    tty: c.Config.Tty,
    networks,
    ports,
  };
}

export function toImageSummary(i: Docker.ImageInfo): ImageSummary {
  return { id: i.Id, tags: (i.RepoTags ?? []).filter((t) => t !== "<none>:<none>"), labels: i.Labels ?? {}, created: i.Created };
}

export function toImageInfo(i: Docker.ImageInspectInfo): ImageInfo {
  return {
    id: i.Id,
    tags: i.RepoTags ?? [],
    labels: i.Config?.Labels ?? {},
    env: i.Config?.Env ?? [],
    exposedPorts: Object.keys(i.Config?.ExposedPorts ?? {}),
    cmd: asList(i.Config?.Cmd),
    entrypoint: asList(i.Config?.Entrypoint as string | string[] | null | undefined),
    created: i.Created,
  };
}

export function toNetworkSummary(n: Docker.NetworkInspectInfo): NetworkSummary {
  return { id: n.Id, name: n.Name, driver: n.Driver, labels: n.Labels ?? {} };
}

export function toNetworkInfo(n: Docker.NetworkInspectInfo): NetworkInfo {
  const containers: NetworkInfo["containers"] = {};
  for (const [id, c] of Object.entries(n.Containers ?? {})) containers[id] = { name: c.Name, ip: (c.IPv4Address ?? "").replace(/\/\d+$/, "") };
  return { ...toNetworkSummary(n), containers };
}

/** `no`, `always`, `unless-stopped`, `on-failure`, `on-failure:N` -> the API's RestartPolicy. */
export function parseRestartPolicy(policy: string): { Name: string; MaximumRetryCount?: number } | undefined {
  const match = /^(no|always|unless-stopped|on-failure)(?::(\d+))?$/.exec(policy);
  if (!match || (match[2] !== undefined && match[1] !== "on-failure")) return undefined;
  return match[2] !== undefined ? { Name: match[1]!, MaximumRetryCount: Number(match[2]) } : { Name: match[1]! };
}

/** Docker reports CMD/ENTRYPOINT as an array, a string (shell form, old images) or null. */
function asList(value: string | string[] | null | undefined): string[] {
  if (value === null || value === undefined) return [];
  return typeof value === "string" ? [value] : value;
}
