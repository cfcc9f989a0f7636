// Every Docker call of the storage plugin: named volumes behind entries, and storage:exec.
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { globalLabels } from "../../src/docker/labels.ts";

/** Label on the docker volumes storage:create makes; destroy removes only volumes carrying it. */
export const ENTRY_LABEL = "com.dokku.storage-entry";

/** Creates the named volume for an entry unless it exists; an existing volume is used as it is. */
export async function ensureVolume(ctx: Ctx, volume: string, entry: string, labels: Readonly<Record<string, string>> = {}): Promise<"created" | "existing"> {
  const docker = await ctx.docker();
  if (await docker.inspectVolume(volume)) return "existing";
  // The entry's labels go onto the volume it creates (docker labels cannot change later).
  await docker.createVolume(volume, { ...labels, ...globalLabels(), [ENTRY_LABEL]: entry });
  return "created";
}

export async function volumeExists(ctx: Ctx, volume: string): Promise<boolean> {
  return (await (await ctx.docker()).inspectVolume(volume)) !== undefined;
}

/** Removes the volume only when storage:create made it for this entry (ownership check first). */
export async function removeOwnedVolume(ctx: Ctx, volume: string, entry: string): Promise<"removed" | "absent"> {
  const docker = await ctx.docker();
  const info = await docker.inspectVolume(volume);
  if (!info) return "absent";
  if (info.labels[ENTRY_LABEL] !== entry) {
    throw new UserError(`Refusing to remove docker volume ${volume}: it was not created by storage:create for entry ${entry}`);
  }
  return docker.removeVolume(volume);
}

export interface ExecSpec {
  /** `-v ...` / `--mount ...` words mounting the entry at /data. */
  mount: readonly string[];
  image: string;
  user?: string;
  command: readonly string[];
  interactive: boolean;
  tty: boolean;
}

/**
 * `storage:exec`: a throw-away container with the entry at /data, our stdio attached, and its
 * exit code returned. The docker CLI runs it because the engine API has no terminal attach here.
 */
export async function runExec(ctx: Ctx, spec: ExecSpec): Promise<number> {
  const bin = ctx.env.vars.DOCKER_BIN || "docker";
  const argv = [
    "container", "run", "--rm",
    ...(spec.interactive ? ["--interactive"] : []),
    ...(spec.tty ? ["--tty"] : []),
    ...Object.entries(globalLabels()).map(([k, val]) => (val === "" ? `--label=${k}` : `--label=${k}=${val}`)),
    "--label=com.dokku.container-type=storage-exec",
    ...spec.mount,
    "--workdir", "/data",
    ...(spec.user ? ["--user", spec.user] : []),
    "--", spec.image, ...spec.command,
  ];
  const result = await ctx.exec([bin, ...argv], {
    env: ctx.childEnv(),
    input: spec.interactive ? "inherit" : "",
    stdout: "inherit",
    stderr: "inherit",
    check: false,
  });
  return result.code;
}
