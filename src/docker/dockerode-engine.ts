import Docker from "dockerode";
import { DokkuError } from "../core/errors.ts";
import type { CommitOptions, ContainerInfo, ContainerSpec, DockerEngine, ImageInfo } from "./engine.ts";
import { labelFilter } from "./labels.ts";

/** The default engine: dockerode over the socket (`DOCKER_HOST` honoured by docker-modem). */
export function createDockerodeEngine(options: Docker.DockerOptions = {}): DockerEngine {
  const api = new Docker(options);
  const absent = <T>(value: T) => async (error: unknown): Promise<T> => {
    if (statusOf(error) === 404) return value;
    throw wrap(error);
  };
  return {
    async ping() {
      await api.ping().catch((error: unknown) => {
        throw new DokkuError(`Docker is not available: ${message(error)}`, { cause: error });
      });
    },
    inspectImage: (ref) => api.getImage(ref).inspect().then(toImageInfo, absent(undefined)),
    async tagImage(source, target) {
      const colon = target.lastIndexOf(":");
      const [repo, tag] = colon > target.lastIndexOf("/") ? [target.slice(0, colon), target.slice(colon + 1)] : [target, "latest"];
      await api.getImage(source).tag({ repo, tag }).catch((e: unknown) => Promise.reject(wrap(e)));
    },
    removeImage: (ref, { force = false } = {}) => api.getImage(ref).remove({ force }).then(() => "removed" as const, absent("absent" as const)),
    async listImages({ labels }) {
      const list = await api.listImages({ filters: labelFilter(labels) });
      return list.map((i) => ({ id: i.Id, tags: i.RepoTags ?? [], labels: i.Labels ?? {}, env: [], exposedPorts: [], created: String(i.Created) }));
    },
    async createContainer(spec) {
      const container = await api.createContainer(toCreateOptions(spec)).catch((e: unknown) => Promise.reject(wrap(e)));
      return container.id;
    },
    startContainer: (id) => api.getContainer(id).start().then(() => undefined, (e: unknown) => Promise.reject(wrap(e))),
    async waitContainer(id) {
      const result = (await api.getContainer(id).wait()) as { StatusCode: number };
      return result.StatusCode;
    },
    async followLogs(id, onLine) {
      const stream = (await api.getContainer(id).logs({ follow: true, stdout: true, stderr: true })) as NodeJS.ReadableStream;
      await demuxLines(stream, onLine);
    },
    async putArchive(id, path, tar) {
      await api.getContainer(id).putArchive(tar as NodeJS.ReadableStream, { path });
    },
    async commitContainer(id, { repo, tag, changes = [] }: CommitOptions) {
      const result = (await api.getContainer(id).commit({ repo, tag, changes })) as { Id: string };
      return result.Id;
    },
    inspectContainer: (id) => api.getContainer(id).inspect().then(toContainerInfo, absent(undefined)),
    async listContainers({ labels, all = true }) {
      const list = await api.listContainers({ all, filters: labelFilter(labels) });
      return Promise.all(list.map((c) => api.getContainer(c.Id).inspect().then(toContainerInfo)));
    },
    stopContainer: (id, { timeoutSeconds = 10 } = {}) =>
      api.getContainer(id).stop({ t: timeoutSeconds }).then(() => "stopped" as const, (e: unknown) => (statusOf(e) === 304 ? "stopped" as const : absent("absent" as const)(e))),
    removeContainer: (id, { force = false } = {}) => api.getContainer(id).remove({ force, v: true }).then(() => "removed" as const, absent("absent" as const)),
    renameContainer: (id, name) => api.getContainer(id).rename({ name }).then(() => undefined, (e: unknown) => Promise.reject(wrap(e))),
    inspectVolume: (name) =>
      api.getVolume(name).inspect().then((v: Docker.VolumeInspectInfo) => ({ name: v.Name, labels: v.Labels ?? {} }), absent(undefined)),
    async createVolume(name, labels) {
      await api.createVolume({ Name: name, Labels: { ...labels } }).catch((e: unknown) => Promise.reject(wrap(e)));
    },
    removeVolume: (name, { force = false } = {}) => api.getVolume(name).remove({ force }).then(() => "removed" as const, absent("absent" as const)),
  };
}

function toCreateOptions(spec: ContainerSpec): Docker.ContainerCreateOptions {
  const portBindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  const exposed: Record<string, object> = {};
  for (const [port, binding] of Object.entries(spec.ports ?? {})) {
    exposed[port] = {};
    portBindings[port] = [{ HostIp: binding.hostIp ?? "127.0.0.1", HostPort: binding.hostPort }];
  }
  return {
    Image: spec.image,
    name: spec.name,
    Cmd: spec.cmd,
    Entrypoint: spec.entrypoint,
    Env: Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${v}`),
    Labels: { ...spec.labels },
    WorkingDir: spec.workingDir,
    User: spec.user,
    OpenStdin: spec.openStdin,
    ExposedPorts: exposed,
    HostConfig: {
      Binds: spec.binds,
      PortBindings: portBindings,
      NetworkMode: spec.network,
      RestartPolicy: spec.restartPolicy ? parseRestart(spec.restartPolicy) : undefined,
    },
  };
}

function parseRestart(policy: string): { Name: string; MaximumRetryCount?: number } {
  const [name, count] = policy.split(":");
  return count ? { Name: name!, MaximumRetryCount: Number(count) } : { Name: name! };
}

function toImageInfo(i: Docker.ImageInspectInfo): ImageInfo {
  return {
    id: i.Id,
    tags: i.RepoTags ?? [],
    labels: i.Config?.Labels ?? {},
    env: i.Config?.Env ?? [],
    exposedPorts: Object.keys(i.Config?.ExposedPorts ?? {}),
    created: i.Created,
  };
}

function toContainerInfo(c: Docker.ContainerInspectInfo): ContainerInfo {
  const ports: ContainerInfo["ports"] = {};
  for (const [port, bindings] of Object.entries(c.NetworkSettings?.Ports ?? {})) {
    ports[port] = (bindings ?? []).map((b) => ({ hostIp: b.HostIp, hostPort: b.HostPort }));
  }
  return {
    id: c.Id,
    name: c.Name.replace(/^\//, ""),
    image: c.Config.Image,
    labels: c.Config.Labels ?? {},
    state: c.State.Status,
    running: c.State.Running,
    exitCode: c.State.ExitCode,
    ipAddress: Object.values(c.NetworkSettings?.Networks ?? {})[0]?.IPAddress ?? "",
    ports,
  };
}

/** Splits Docker's multiplexed log stream (8-byte frame headers) into lines. */
function demuxLines(stream: NodeJS.ReadableStream, onLine: (line: string, s: "stdout" | "stderr") => void): Promise<void> {
  let buffer = Buffer.alloc(0);
  const partial = { stdout: "", stderr: "" };
  const emit = (which: "stdout" | "stderr", text: string) => {
    const lines = (partial[which] + text).split("\n");
    partial[which] = lines.pop() ?? "";
    for (const line of lines) onLine(line, which);
  };
  return new Promise((resolve, reject) => {
    stream.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 8) {
        const size = buffer.readUInt32BE(4);
        if (buffer.length < 8 + size) break;
        emit(buffer[0] === 2 ? "stderr" : "stdout", buffer.subarray(8, 8 + size).toString("utf8"));
        buffer = buffer.subarray(8 + size);
      }
    });
    stream.on("error", reject);
    stream.on("end", () => {
      for (const which of ["stdout", "stderr"] as const) if (partial[which]) onLine(partial[which], which);
      resolve();
    });
  });
}

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number } | null)?.statusCode;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function wrap(error: unknown): DokkuError {
  const json = (error as { json?: { message?: string } } | null)?.json;
  return new DokkuError(`Docker: ${json?.message ?? message(error)}`, { cause: error });
}
