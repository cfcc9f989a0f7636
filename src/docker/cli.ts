import type { Ctx } from "../core/context.ts";
import { DokkuError } from "../core/errors.ts";
import type { ExecResult } from "../exec/exec.ts";

/**
 * The docker CLI, for the two things the API cannot do for us: `docker image build` (the API
 * build endpoint takes a tar context and leaves `.dockerignore` handling to the client) and
 * `docker container create` from user-supplied docker flags (docker-options are CLI syntax).
 */
export interface DockerCliOptions {
  cwd?: string;
  /** Extra variables on top of the child environment (build args read by `--build-arg KEY`). */
  env?: Readonly<Record<string, string>>;
  /** "stream": every line goes to the user as it arrives; "quiet": shown only when the command fails. */
  output: "stream" | "quiet";
  /** One line for the failure message, e.g. "Failure extracting app code". */
  failure: string;
  /** Lines of output to repeat in the failure message (default 20). */
  tail?: number;
}

/** Runs `docker ARGS...` and throws a DokkuError carrying the last output lines when it fails. */
export async function dockerCli(ctx: Ctx, args: readonly string[], options: DockerCliOptions): Promise<ExecResult> {
  const bin = ctx.env.vars.DOCKER_BIN || "docker";
  const tail: string[] = [];
  const keep = options.tail ?? 20;
  const result = await ctx.exec([bin, ...args], {
    cwd: options.cwd,
    env: { ...ctx.childEnv(), ...options.env },
    check: false,
    onLine(line, stream) {
      tail.push(line);
      if (tail.length > keep) tail.shift();
      if (options.output === "stream") (stream === "stdout" ? ctx.io.stdout : ctx.io.stderr).write(`${line}\n`);
    },
  });
  if (result.code !== 0) {
    const shown = options.output === "quiet" ? tail : tail.slice(-Math.min(keep, 5));
    const detail = shown.filter((l) => l.trim() !== "").map((l) => `  ${l}`).join("\n");
    throw new DokkuError(`${options.failure} (docker exited with code ${result.code})${detail ? `\n${detail}` : ""}`, {
      exitCode: result.code > 0 && result.code < 126 ? result.code : 1,
    });
  }
  return result;
}

/**
 * `docker image build ARGS...`. `--force-rm` because the legacy builder otherwise leaves the
 * container of a failed step behind, unlabelled; BuildKit accepts the flag and ignores it.
 */
export function imageBuild(ctx: Ctx, args: readonly string[], options: DockerCliOptions): Promise<ExecResult> {
  return dockerCli(ctx, ["image", "build", "--force-rm", ...args], options);
}

/** `--label=k=v` flags (a bare `--label=k` for an empty value, as Dokku writes `--label=dokku`). */
export function labelFlags(labels: Readonly<Record<string, string>>): string[] {
  return Object.entries(labels).map(([k, v]) => (v === "" ? `--label=${k}` : `--label=${k}=${v}`));
}
