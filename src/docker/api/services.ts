import type Docker from "dockerode";
import type { DockerEngine, LogOptions, OutputLine } from "../engine.ts";
import type { ServiceInfo, ServiceSpec } from "../service-spec.ts";
import { expected, rethrow } from "./errors.ts";
import { OutputDemuxer, drain } from "./streams.ts";

type ServiceMethods = Pick<DockerEngine, "createService" | "inspectService" | "updateService" | "removeService" | "listServices" | "taskLogs">;

interface RawService {
  ID: string;
  Version?: { Index?: number };
  Spec?: ServiceSpec;
  UpdateStatus?: { State?: string; Message?: string; StartedAt?: string };
}

/** Swarm services over the API (on a manager). */
export function serviceMethods(api: Docker): ServiceMethods {
  const s = (nameOrId: string) => api.getService(nameOrId);
  return {
    async createService(spec) {
      const created = (await api.createService(spec as unknown as Docker.CreateServiceOptions).catch(rethrow)) as unknown as { id?: string; ID?: string };
      return created.id ?? created.ID ?? "";
    },
    async inspectService(nameOrId) {
      const raw = (await s(nameOrId).inspect().catch(expected({ 404: undefined } as const))) as RawService | undefined;
      return raw ? toServiceInfo(raw) : undefined;
    },
    async updateService(id, version, spec, { rollback = false } = {}) {
      const query = rollback ? { version, rollback: "previous" } : { version };
      await s(id).update({ _query: query, _body: spec }).catch(rethrow);
    },
    removeService: (nameOrId) => s(nameOrId).remove().then(() => "removed" as const, expected({ 404: "absent" } as const)),
    async listServices({ labels }) {
      const label = Object.entries(labels).map(([k, v]) => (v === "" ? k : `${k}=${v}`));
      const raw = (await api.listServices({ filters: { label } } as Docker.ServiceListOptions).catch(rethrow)) as unknown as RawService[];
      return raw.map(toServiceInfo);
    },
    // dockerode types no logs() on Task; it has one (GET /tasks/{id}/logs).
    taskLogs: (id, options, onLine) => streamLogs(api.getTask(id) as unknown as { logs: unknown }, options, onLine),
  };
}

function toServiceInfo(raw: RawService): ServiceInfo {
  const spec = raw.Spec ?? ({} as ServiceSpec);
  return {
    id: raw.ID,
    name: spec.Name ?? "",
    version: raw.Version?.Index ?? 0,
    labels: spec.Labels ?? {},
    spec,
    updateState: raw.UpdateStatus?.State ?? "",
    updateMessage: raw.UpdateStatus?.Message ?? "",
    updateStartedAt: raw.UpdateStatus?.StartedAt ?? "",
  };
}

/** Task logs: the same query and the same multiplexed stream as a container's. */
async function streamLogs(target: { logs: unknown }, { follow = false, tail, since, timestamps = false, signal }: LogOptions, onLine: OutputLine): Promise<"done" | "absent"> {
  const options = {
    follow, stdout: true, stderr: true, timestamps,
    ...(tail !== undefined ? { tail } : {}),
    ...(since !== undefined ? { since: Math.floor(since.getTime() / 1000) } : {}),
  };
  const logs = target.logs as (o: object) => Promise<unknown>;
  const body = (await logs.call(target, options).catch(expected({ 404: undefined } as const))) as NodeJS.ReadableStream | Uint8Array | string | undefined;
  if (body === undefined) return "absent";
  if (signal && typeof body === "object" && "destroy" in body) {
    const stop = () => (body as NodeJS.ReadableStream & { destroy(): void }).destroy();
    if (signal.aborted) stop();
    else signal.addEventListener("abort", stop, { once: true });
  }
  await drain(body, new OutputDemuxer(false, onLine));
  return "done";
}
