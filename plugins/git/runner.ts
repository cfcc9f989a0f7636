import { lockApp } from "../../src/core/app-lock.ts";
import type { Ctx } from "../../src/core/context.ts";
import { DokkuError, SilentExit, errorMessage } from "../../src/core/errors.ts";
import type { LockHandle } from "../../src/core/lock.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { type BuildJob, parseJob } from "./build-job.ts";
import { extractRev, makeWorkDir } from "./extract.ts";
import { triggerBuild } from "./pipeline.ts";
import { deployBranch } from "./repo.ts";
import { DEFAULT_REV_ENV_VAR, GIT, GitProps } from "./schema.ts";
import { settleRef } from "./settle-ref.ts";

/**
 * `git-build-runner APP ID REV ...` (hidden): the process that does one build. Started by
 * `git-hook` (detached, output to the build log) and by `receive-app` (attached, output teed);
 * see build-spawn.ts. It writes the build record, holds the deploy lock for the whole build,
 * and everything it and its children print lands in the log.
 */
export const gitBuildRunner = defineCommand({
  name: "git-build-runner",
  description: "Runs one build and records it (started by git-hook and receive-app)",
  hidden: true,
  async run(ctx, _args, raw) {
    const job = parseJob(raw);
    await ctx.apps.verify(job.app);
    return runJob(ctx, job);
  },
});

async function runJob(ctx: Ctx, job: BuildJob): Promise<number> {
  const work = await makeWorkDir(ctx, "git_build_app_repo");
  let lock: LockHandle | undefined;
  let code = 0;
  try {
    await ctx.triggers.notify("builds-record-start", job.app, job.id, String(process.pid), job.source, job.rev, work.path);
    lock = await lockApp(ctx, job.app, "git-build-runner", "exclusive");
    await build(ctx, job, work.path);
  } catch (error) {
    code = showError(ctx, error);
  }
  // Order matters to whoever follows the record: the work directory and (unless the ref still
  // has to settle) the lock are gone, and every line is in the log, before the record says done.
  await work[Symbol.asyncDispose]();
  const settle = code === 0 ? job.push : undefined;
  if (!settle) await lock?.release();
  await flushOutput();
  try {
    await ctx.triggers.notify("builds-record-finalize", job.app, job.id, String(code));
    if (settle) await settleRef(ctx, job.app, settle, job.rev);
  } catch (error) {
    code ||= showError(ctx, error);
  } finally {
    await lock?.release();
  }
  return code;
}

/** `git_build_app_repo` + `git_trigger_build` (reference 5.4, 3.5 steps 3-7) in the work directory. */
async function build(ctx: Ctx, job: BuildJob, dir: string): Promise<void> {
  const branch = await deployBranch(ctx, job.app);
  if (job.setRevEnv) await setRevEnvVar(ctx, job.app, job.rev);
  await ctx.triggers.notify("app-maybe-create", job.app);
  const keep = (await ctx.props.computed(GIT, job.app, GitProps.keepGitDir, "false")) === "true";
  await extractRev(ctx, job.app, job.rev, dir, branch, keep);
  await triggerBuild(ctx, job.app, dir, job.rev);
  if (job.deploySource) await ctx.triggers.notify("deploy-source-set", job.app, job.deploySource, job.rev);
}

/**
 * `config:set --no-restart APP GIT_REV=<sha>`, quietly. The variable name is the `rev-env-var`
 * property: absent means GIT_REV, present but empty disables it.
 */
async function setRevEnvVar(ctx: Ctx, app: string, commit: string): Promise<void> {
  const name = await ctx.props.get(GIT, app, GitProps.revEnvVar);
  const variable = name === undefined ? DEFAULT_REV_ENV_VAR : name.trim();
  if (variable === "") return;
  if (!(await ctx.triggers.exists("config-set"))) {
    ctx.log.trace(`no plugin implements config-set; ${variable} not recorded`);
    return;
  }
  await ctx.triggers.run("config-set", ["--no-restart", app, `${variable}=${commit}`], { stream: false });
}

/** Prints an error as main.ts would, but now: the log must hold it before the record is final. */
function showError(ctx: Ctx, error: unknown): number {
  if (error instanceof SilentExit) return error.exitCode || 1;
  if (error instanceof DokkuError) {
    for (const line of error.message.split("\n")) ctx.log.error(line);
    return error.exitCode || 1;
  }
  ctx.log.error(`Unexpected error: ${errorMessage(error)}`);
  return 1;
}

/** Waits until what we wrote to stdout and stderr has left the process. */
async function flushOutput(): Promise<void> {
  await Promise.all(
    [process.stdout, process.stderr].map((stream) => new Promise<void>((resolve) => (stream.writableNeedDrain ? stream.once("drain", () => resolve()) : resolve()))),
  );
}
