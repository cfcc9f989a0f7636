// Pure argv builders for the docker CLI calls (kamal's style, STYLE C7): every command whose input
// includes user docker-options is built here and unit-tested by comparing arrays. The runner
// (cli.ts) prepends the docker binary; nothing is ever joined into a shell string.
import { DokkuError } from "../core/errors.ts";
import { argv } from "../exec/argv.ts";
import { LABELS } from "./labels.ts";

type Labels = Readonly<Record<string, string>>;

/** A container to create with `docker container create`. */
export interface ContainerCreateSpec {
  image: string;
  command?: readonly string[];
  name?: string;
  /** Ownership labels; `com.dokku.app-name` is required. Emitted after `args` so they win. */
  labels: Labels;
  /** CLI flags in order: docker-options, `-v`, `--env`, `--restart`... (split like xargs). */
  args?: readonly string[];
  /** Values for value-less `--env KEY` flags, read by docker from its environment. */
  env?: Labels;
}

/** An image to build with `docker image build`. */
export interface ImageBuildSpec {
  /** The build context directory; the CLI also runs there. */
  context: string;
  dockerfile?: string;
  tags: readonly string[];
  /** Ownership labels; `com.dokku.app-name` is required. Emitted after `args` so they win. */
  labels: Labels;
  /** `--build-arg KEY=VALUE` pairs. */
  buildArgs?: Labels;
  /** docker-options and other user flags, CLI syntax, before ours. */
  args?: readonly string[];
  /** Values for value-less `--build-arg KEY` flags in `args`. */
  env?: Labels;
}

/** `--label=k=v` flags (a bare `--label=k` for an empty value, as Dokku writes `--label=dokku`). */
export function labelFlags(labels: Labels): string[] {
  return Object.entries(labels).map(([k, v]) => (v === "" ? `--label=${k}` : `--label=${k}=${v}`));
}

/** `--env=KEY=VALUE` flags. */
export function envFlags(env: Labels): string[] {
  return Object.entries(env).map(([k, v]) => `--env=${k}=${v}`);
}

/** `container create [ARGS] [--name=N] [--label...] -- IMAGE [COMMAND...]`. */
export function containerCreateArgs(spec: ContainerCreateSpec): string[] {
  requireAppLabel(spec.labels, "container");
  return argv("container", "create", spec.args ?? [], spec.name !== undefined && `--name=${spec.name}`, labelFlags(spec.labels), "--", spec.image, spec.command ?? []);
}

/**
 * `image build --force-rm [ARGS] [--label...] [--file F] [--build-arg K=V...] [--tag T...] -- CONTEXT`.
 * `--force-rm` because the legacy builder otherwise leaves the container of a failed step
 * behind, unlabelled; BuildKit accepts the flag and ignores it.
 */
export function imageBuildArgs(spec: ImageBuildSpec): string[] {
  requireAppLabel(spec.labels, "image");
  return argv(
    "image", "build", "--force-rm",
    spec.args ?? [],
    labelFlags(spec.labels),
    spec.dockerfile !== undefined && ["--file", spec.dockerfile],
    Object.entries(spec.buildArgs ?? {}).map(([k, v]) => ["--build-arg", `${k}=${v}`]),
    spec.tags.map((tag) => ["--tag", tag]),
    "--", spec.context,
  );
}

/** `container start --attach [--interactive] -- ID`. */
export function containerAttachArgs(id: string, options: { interactive?: boolean } = {}): string[] {
  return argv("container", "start", "--attach", options.interactive === true && "--interactive", "--", id);
}

/** `container exec [--interactive] [--tty] -- ID COMMAND...`. */
export function containerExecArgs(id: string, command: readonly string[], options: { interactive?: boolean; tty?: boolean } = {}): string[] {
  if (command.length === 0) throw new DokkuError("Refusing to exec an empty command");
  return argv("container", "exec", options.interactive === true && "--interactive", options.tty === true && "--tty", "--", id, command);
}

/** `image push -- REF`. */
export function imagePushArgs(ref: string): string[] {
  return argv("image", "push", "--", ref);
}

/** `login --username=USER --password-stdin -- SERVER` (the password goes on stdin, never in argv). */
export function loginArgs(server: string, username: string): string[] {
  return argv("login", `--username=${username}`, "--password-stdin", "--", server);
}

/** `logout -- SERVER`. */
export function logoutArgs(server: string): string[] {
  return argv("logout", "--", server);
}

/** `image load` (the tarball arrives on stdin). */
export function imageLoadArgs(): string[] {
  return ["image", "load"];
}

/** Every object we create carries its app's label (DESIGN section 5, "Docker"). */
function requireAppLabel(labels: Labels, kind: string): void {
  if (!labels[LABELS.app]) throw new DokkuError(`Refusing to create a docker ${kind} without the ${LABELS.app} label`);
}
