import type Docker from "dockerode";
import { DokkuError } from "../../core/errors.ts";
import type { DockerCli, DockerCliAttach } from "../cli.ts";
import { containerAttachArgs, containerCreateArgs, containerExecArgs } from "../commands.ts";
import type { DockerEngine, ExecOutcome } from "../engine.ts";
import { labelFilter } from "../labels.ts";
import { apiMessage, expected, rethrow, statusOf } from "./errors.ts";
import { parseRestartPolicy, toContainerInfo, toContainerSummary } from "./mapping.ts";
import { OutputDemuxer, drain } from "./streams.ts";

type ContainerMethods = Pick<
  DockerEngine,
  | "createContainer" | "startContainer" | "stopContainer" | "killContainer" | "restartContainer" | "removeContainer"
  | "renameContainer" | "updateRestartPolicy" | "waitContainer" | "inspectContainer" | "inspectContainerDocument" | "listContainers"
  | "containerLogs" | "execInContainer" | "commitContainer" | "attachContainer" | "execAttached"
>;

/**
 * Container lifecycle, queries and streams over the API; creation through the CLI (docker-options),
 * and terminal sessions through the attached CLI.
 */
export function containerMethods(api: Docker, cli: DockerCli, attach: DockerCliAttach): ContainerMethods {
  const c = (id: string) => api.getContainer(id);
  return {
    async createContainer(spec, output) {
      const created = await cli(containerCreateArgs(spec), { env: spec.env, output });
      const id = created.stdout.trim().split("\n").pop()?.trim() ?? "";
      if (!/^[0-9a-f]{12,64}$/.test(id)) throw new DokkuError(`${output.failure}: docker printed no container id`);
      return id;
    },
    startContainer: (id) => c(id).start().then(() => "started" as const, expected({ 304: "already-running", 404: "absent" } as const)),
    stopContainer: (id, { timeoutSeconds = 10 } = {}) =>
      c(id).stop({ t: timeoutSeconds }).then(() => "stopped" as const, expected({ 304: "not-running", 404: "absent" } as const)),
    killContainer: (id, { signal = "SIGKILL" } = {}) =>
      c(id).kill({ signal }).then(() => "killed" as const, expected({ 409: "not-running", 404: "absent" } as const)),
    restartContainer: (id, { timeoutSeconds = 10 } = {}) =>
      c(id).restart({ t: timeoutSeconds }).then(() => "restarted" as const, expected({ 404: "absent" } as const)),
    removeContainer: (id, { force = false } = {}) =>
      c(id).remove({ force, v: true }).then(() => "removed" as const, async (error: unknown) => {
        // Another dokku process (the detached retirer, a concurrent destroy) is removing it already:
        // the outcome the caller wants is on its way, so wait for it instead of failing.
        if (statusOf(error) !== 409 || !/already in progress/i.test(apiMessage(error))) {
          return expected({ 404: "absent" } as const)(error);
        }
        await c(id).wait({ condition: "removed" }).catch(expected({ 404: undefined } as const));
        return "absent" as const;
      }),
    renameContainer: (id, name) => c(id).rename({ name }).then(() => "renamed" as const, expected({ 404: "absent" } as const)),
    updateRestartPolicy(id, policy) {
      const parsed = parseRestartPolicy(policy);
      if (!parsed) throw new DokkuError(`Invalid restart policy: ${policy}`);
      const update = (attempt: number): Promise<"updated" | "absent"> =>
        c(id).update({ RestartPolicy: parsed }).then(
          () => "updated" as const,
          (error: unknown) => {
            const message = apiMessage(error);
            // Being removed by another dokku process (the retirer, a destroy): as good as absent.
            if (/marked for removal/i.test(message)) return "absent" as const;
            // It stopped while the daemon applied the update (docker's words, or runc's when the
            // process ended inside the update): once more, on the stopped container.
            if (attempt === 1 && /cannot update a stopped container|container not running/i.test(message)) return update(2);
            return expected({ 404: "absent" } as const)(error);
          },
        );
      return update(1);
    },
    waitContainer: (id) =>
      c(id).wait().then((r: { StatusCode: number }) => r.StatusCode, expected({ 404: undefined } as const)),
    inspectContainer: (id) => c(id).inspect().then(toContainerInfo, expected({ 404: undefined } as const)),
    inspectContainerDocument: (id) =>
      c(id).inspect().then((doc) => doc as unknown as Record<string, unknown>, expected({ 404: undefined } as const)),
    async listContainers({ labels, all = true }) {
      const list = await api.listContainers({ all, filters: labelFilter(labels) }).catch(rethrow);
      return list.map(toContainerSummary);
    },
    async containerLogs(id, { follow = false, tail, since, timestamps = false, signal }, onLine) {
      const info = await c(id).inspect().catch(expected({ 404: undefined } as const));
      if (!info) return "absent";
      const options = {
        follow, stdout: true, stderr: true, timestamps,
        ...(tail !== undefined ? { tail } : {}),
        ...(since !== undefined ? { since: Math.floor(since.getTime() / 1000) } : {}),
      };
      // dockerode types `logs` per overload; both answers (a buffer, or a stream when following) are drained alike.
      const body = (await (c(id).logs as (o: object) => Promise<unknown>)(options).catch(expected({ 404: undefined } as const))) as
        | NodeJS.ReadableStream | Uint8Array | string | undefined;
      if (body === undefined) return "absent";
      if (signal && typeof body === "object" && "destroy" in body) {
        // Destroying the follow stream ends drain() through its "close" event.
        const stop = () => (body as NodeJS.ReadableStream & { destroy(): void }).destroy();
        if (signal.aborted) stop();
        else signal.addEventListener("abort", stop, { once: true });
      }
      await drain(body, new OutputDemuxer(info.Config.Tty, onLine));
      return "done";
    },
    async execInContainer(id, command, options = {}) {
      const tty = options.tty ?? false;
      const exec = await c(id).exec({
        Cmd: [...command], AttachStdout: true, AttachStderr: true, Tty: tty,
        Env: Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${v}`),
        ...(options.user !== undefined ? { User: options.user } : {}),
        ...(options.workdir !== undefined ? { WorkingDir: options.workdir } : {}),
      }).catch(expected({ 404: "absent", 409: "not-running" } as const));
      if (typeof exec === "string") return exec;
      const stream = await exec.start({ Detach: false, Tty: tty }).catch(rethrow);
      const demuxer = new OutputDemuxer(tty, options.onLine);
      await drain(stream, demuxer);
      return { code: await execExitCode(exec), ...demuxer.text } satisfies ExecOutcome;
    },
    attachContainer: (id, { interactive = false } = {}) => attach(containerAttachArgs(id, { interactive }), { stdin: interactive }),
    execAttached: (id, command, { interactive = false, tty = false } = {}) =>
      attach(containerExecArgs(id, command, { interactive, tty }), { stdin: interactive }),
    async commitContainer(id, { repo, tag, changes = [] }) {
      const result = (await c(id).commit({ repo, tag, changes }).catch(rethrow)) as { Id: string };
      return result.Id;
    },
  };
}

/** The exit code once the daemon has recorded it (it may lag the end of the output stream). */
async function execExitCode(exec: Docker.Exec): Promise<number> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const state = await exec.inspect().catch(rethrow);
    if (!state.Running && state.ExitCode !== null) return state.ExitCode;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new DokkuError("Docker: exec did not report an exit code after its output ended");
}
