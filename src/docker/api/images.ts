import type Docker from "dockerode";
import { DokkuError, errorMessage } from "../../core/errors.ts";
import type { DockerCli } from "../cli.ts";
import { imageBuildArgs, imageLoadArgs } from "../commands.ts";
import type { CliOutput, DockerEngine } from "../engine.ts";
import { labelFilter } from "../labels.ts";
import { apiMessage, expected, rethrow } from "./errors.ts";
import { toImageInfo, toImageSummary } from "./mapping.ts";

type ImageMethods = Pick<
  DockerEngine,
  "inspectImage" | "listImages" | "tagImage" | "removeImage" | "buildImage" | "pullImage" | "loadImage" | "inspectVolume" | "createVolume" | "removeVolume"
>;

/** Images and volumes over the API; build and load through the CLI. */
export function imageMethods(api: Docker, cli: DockerCli): ImageMethods {
  return {
    inspectImage: (ref) => api.getImage(ref).inspect().then(toImageInfo, expected({ 404: undefined } as const)),
    async listImages({ labels }) {
      const list = await api.listImages({ filters: labelFilter(labels) }).catch(rethrow);
      return list.map(toImageSummary);
    },
    tagImage(source, target) {
      const { repo, tag } = splitReference(target);
      return api.getImage(source).tag({ repo, tag }).then(() => "tagged" as const, expected({ 404: "absent" } as const));
    },
    removeImage: (ref, { force = false } = {}) =>
      api.getImage(ref).remove({ force }).then(() => "removed" as const, expected({ 404: "absent", 409: "in-use" } as const)),
    async buildImage(spec, output) {
      await cli(imageBuildArgs(spec), { cwd: spec.context, env: spec.env, output });
    },
    pullImage: (ref, output) => pull(api, ref, output),
    async loadImage(output) {
      await cli(imageLoadArgs(), { stdin: "inherit", output });
    },
    inspectVolume: (name) =>
      api.getVolume(name).inspect().then((v: Docker.VolumeInspectInfo) => ({ name: v.Name, labels: v.Labels ?? {} }), expected({ 404: undefined } as const)),
    async createVolume(name, labels) {
      await api.createVolume({ Name: name, Labels: { ...labels } }).catch(rethrow);
    },
    removeVolume: (name, { force = false } = {}) =>
      api.getVolume(name).remove({ force }).then(() => "removed" as const, expected({ 404: "absent" } as const)),
  };
}

/** `repo[:tag]` -> parts; a colon inside the registry host (`host:5000/x`) is not a tag. */
export function splitReference(ref: string): { repo: string; tag: string } {
  const colon = ref.lastIndexOf(":");
  return colon > ref.lastIndexOf("/") ? { repo: ref.slice(0, colon), tag: ref.slice(colon + 1) } : { repo: ref, tag: "latest" };
}

interface PullEvent {
  id?: string;
  status?: string;
  error?: string;
  progressDetail?: { current?: number };
}

/** Pulls and prints one line per layer status change, as the CLI does without a terminal. */
async function pull(api: Docker, ref: string, output: CliOutput): Promise<void> {
  const fail = (message: string) => new DokkuError(`${output.failure}\n  ${message.split("\n")[0]}`);
  const stream = (await api.pull(ref).catch((error: unknown) => {
    throw fail(apiMessage(error));
  })) as NodeJS.ReadableStream;
  const last = new Map<string, string>();
  await new Promise<void>((resolve, reject) => {
    api.modem.followProgress(
      stream,
      (error: Error | null) => (error ? reject(fail(errorMessage(error))) : resolve()),
      (event: PullEvent) => {
        if (event.error) return;
        if (!event.status || last.get(event.id ?? "") === event.status) return;
        last.set(event.id ?? "", event.status);
        output.echo?.stdout.write(`${event.id ? `${event.id}: ` : ""}${event.status}\n`);
      },
    );
  });
}
