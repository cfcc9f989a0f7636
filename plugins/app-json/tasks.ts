import { splitXargs } from "../../src/cli/ssh-command.ts";
import { readConfig } from "../../src/core/config-api.ts";
import type { Ctx } from "../../src/core/context.ts";
import { DokkuError } from "../../src/core/errors.ts";
import type { ImageInfo } from "../../src/docker/engine.ts";
import { LABELS, appLabels } from "../../src/docker/labels.ts";

/** The deploy tasks of reference 10.5, in the order a deploy meets them. */
export type TaskPhase = "predeploy" | "release" | "postdeploy" | "heroku.postdeploy";

/**
 * Flags a one-off task container must not inherit from the deploy args: it is not a long-running
 * process, publishes nothing and gets no resource limits (Dokku's list).
 */
const DROPPED = new Set(["--cpus", "--gpus", "--memory", "--memory-reservation", "--memory-swap", "--publish", "--publish-all", "--restart", "-p", "-P"]);

/** Removes DROPPED flags (`--memory=1g`, `--memory 1g`, `-p 80:80`) from split docker args. */
export function taskArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf("=");
    const flag = eq > 0 && arg.startsWith("-") ? arg.slice(0, eq) : arg;
    if (!DROPPED.has(flag)) {
      out.push(arg);
      continue;
    }
    // The value is the next word when the flag did not carry it (`-P`/`--publish-all` take none).
    if (eq < 0 && flag !== "-P" && flag !== "--publish-all" && i + 1 < args.length) i++;
  }
  return out;
}

/** True for images herokuish built: their commands run through `/exec` with the app's profile. */
export function isHerokuishImage(image: ImageInfo): boolean {
  return image.labels[LABELS.builder] === "herokuish" || image.env.includes("USER=herokuishuser");
}

/**
 * The argv that runs a task command (reference 10.5): herokuish images run it with bash in /app
 * after sourcing the app's `.profile.d` (what `/exec` would do, without its word splitting); an
 * image with its own ENTRYPOINT (other than tini) gets the command's words as arguments; any
 * other image runs it with `sh -c`. `set -e` as Dokku's wrapper does.
 */
export function taskCommand(image: ImageInfo, command: string): { entrypoint?: string; command: string[] } {
  if (isHerokuishImage(image)) {
    const profile = 'cd /app; for file in /app/.profile.d/*.sh; do if [ -f "$file" ]; then . "$file"; fi; done';
    return { entrypoint: "/bin/bash", command: ["-c", `${profile}; set -e; set -o pipefail; ${command}`] };
  }
  const own = image.entrypoint.filter((word) => !/(^|\/)tini$/.test(word) && word !== "--");
  if (own.length > 0) return { command: splitXargs(command) };
  return { entrypoint: "/bin/sh", command: ["-c", `set -e; ${command}`] };
}

export interface TaskOutcome {
  /** The stopped task container (kept for a commit; removed by the caller's `finally`). */
  containerId: string;
}

/**
 * Runs one task in a new container of `imageRef` with the app's merged config in its
 * environment, streaming its output framed as Dokku frames it. Throws when the command fails.
 * `keep` leaves the stopped container for a commit (predeploy); otherwise it is removed.
 */
export async function runTask(ctx: Ctx, app: string, imageRef: string, phase: TaskPhase, command: string, keep = false): Promise<TaskOutcome> {
  const docker = await ctx.docker();
  const image = await docker.inspectImage(imageRef);
  if (!image) throw new DokkuError(`Unable to run the ${phase} task: image ${imageRef} not found`);
  const env = Object.fromEntries(await readConfig(ctx, app, "merged"));
  const deployArgs = splitXargs(`${await ctx.triggers.query("docker-args-deploy", app, imageTag(imageRef))} ${await ctx.triggers.query("docker-args-process-deploy", app, sourceType(image), imageTag(imageRef), phase.replace(/\W/g, "-"))}`);
  const { entrypoint, command: argv } = taskCommand(image, command);
  const id = await docker.createContainer(
    {
      image: imageRef,
      command: argv,
      labels: appLabels(app, { dokku_phase_script: phase }),
      args: [...taskArgs(deployArgs), ...Object.keys(env).map((key) => `--env=${key}`), ...(entrypoint ? [`--entrypoint=${entrypoint}`] : [])],
      env,
    },
    { failure: `Failure creating the ${phase} task container` },
  );
  const short = id.slice(0, 9);
  try {
    ctx.log.header(`Start of ${app} ${phase} task (${short}) output`);
    await docker.startContainer(id);
    await docker.containerLogs(id, { follow: true }, (line) => ctx.log.detail(line));
    const code = await docker.waitContainer(id);
    ctx.log.header(`End of ${app} ${phase} task (${short}) output`);
    if (code !== 0) throw new DokkuError(`Execution of ${phase} task failed: ${command}`, { exitCode: 1 });
    return { containerId: id };
  } catch (error) {
    await docker.removeContainer(id, { force: true });
    throw error;
  } finally {
    if (!keep) await docker.removeContainer(id, { force: true });
  }
}

/**
 * Commits a finished predeploy container back onto the release image, so the deploy runs what
 * the task produced (migrations' compiled assets, ...), restoring the image's own CMD and
 * ENTRYPOINT, which the task container replaced.
 */
export async function commitTask(ctx: Ctx, containerId: string, imageRef: string): Promise<void> {
  const docker = await ctx.docker();
  const image = await docker.inspectImage(imageRef);
  if (!image) throw new DokkuError(`Unable to commit the predeploy task: image ${imageRef} not found`);
  const colon = imageRef.lastIndexOf(":");
  const [repo, tag] = colon > imageRef.lastIndexOf("/") ? [imageRef.slice(0, colon), imageRef.slice(colon + 1)] : [imageRef, "latest"];
  const changes = [
    "LABEL com.dokku.predeploy-phase=true",
    `ENTRYPOINT ${JSON.stringify(image.entrypoint)}`,
    `CMD ${JSON.stringify(image.cmd)}`,
  ];
  await docker.commitContainer(containerId, { repo, tag, changes });
}

function imageTag(ref: string): string {
  const colon = ref.lastIndexOf(":");
  return colon > ref.lastIndexOf("/") ? ref.slice(colon + 1) : "latest";
}

function sourceType(image: ImageInfo): string {
  return isHerokuishImage(image) ? "herokuish" : image.labels[LABELS.builder] || "dockerfile";
}
