import { spawn } from "node:child_process";
import { accessSync, constants, writeSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { DokkuError } from "../../src/core/errors.ts";
import { readHolder } from "../../src/core/lock.ts";
import type { Writable } from "../../src/core/log.ts";
import { type BuildJob, jobArgv } from "./build-job.ts";
import { gitEnv } from "./repo.ts";

/** A fresh id from the builds plugin (Dokku's `pid-<PID>` when none answers). */
export async function newBuildId(ctx: Ctx): Promise<string> {
  return (await ctx.triggers.query("builds-generate-id")).trim() || `pid-${process.pid}`;
}

async function logFile(ctx: Ctx, job: BuildJob): Promise<string> {
  const path = (await ctx.triggers.query("builds-log-path", job.app, job.id)).trim();
  if (!path) throw new DokkuError("No plugin answers builds-log-path: the build has nowhere to write its output");
  return path;
}

/**
 * The runner's environment: no inherited repository variables (the quarantine above all), and
 * no DOKKU_PID unless the caller holds the app's deploy lock and lends it: the lock records
 * DOKKU_PID, so a runner without it takes the lock as itself, never as its caller.
 */
function runnerEnv(ctx: Ctx, job: BuildJob, lendLock: boolean): Record<string, string> {
  const env: Record<string, string> = { ...gitEnv(ctx), DOKKU_BUILD_ID: job.id }; // Dokku exports the id to what the build runs
  if (!lendLock) delete env.DOKKU_PID;
  return env;
}

/** util-linux's `setsid`, when installed (Debian: always). */
function findSetsid(ctx: Ctx): string | undefined {
  for (const dir of (ctx.env.vars.PATH ?? "/usr/bin:/bin").split(":")) {
    const file = join(dir || ".", "setsid");
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // next directory
    }
  }
  return undefined;
}

/**
 * Starts the runner detached from the caller, its stdout and stderr appended to the build log:
 * spawned with `detached: true` (a new session, so no terminal hangup or process-group signal of
 * the push reaches it) through `setsid --fork`, which forks once more so the runner is not even a
 * child of the hook: killing every descendant of the push leaves it alone. Returns the runner's
 * pid when it is known (without setsid the runner is our direct child).
 */
export async function startDetached(ctx: Ctx, job: BuildJob): Promise<number | undefined> {
  const handle = await open(await logFile(ctx, job), "a", 0o644);
  try {
    const setsid = findSetsid(ctx);
    const argv = [...ctx.runtime.self, ...jobArgv(job)];
    const [command, ...args] = setsid ? [setsid, "--fork", ...argv] : argv;
    const child = spawn(command!, args, { detached: true, stdio: ["ignore", handle.fd, handle.fd], env: runnerEnv(ctx, job, false), cwd: "/" });
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", () => resolve());
      child.once("error", (error) => reject(new DokkuError(`Unable to start the build runner: ${error.message}`)));
    });
    child.unref();
    return setsid ? undefined : child.pid;
  } finally {
    await handle.close();
  }
}

/**
 * Runs the runner as our child and tees its output: each chunk goes to the build log and to our
 * own stdout or stderr, as the runner wrote it. The runner stays in our process group, so it ends
 * with the command that started it (Ctrl-C, a closed pipe), as Dokku's `tee` capture does. When
 * we hold the deploy lock (git:from-archive commits and builds under one lock) the runner shares
 * it; otherwise it takes the lock itself. Returns the runner's exit code.
 */
export async function runAttached(ctx: Ctx, job: BuildJob): Promise<number> {
  const holder = await readHolder(ctx.paths.deployLock(job.app));
  const holding = holder !== "absent" && holder !== undefined && holder.pid === Number(ctx.env.vars.DOKKU_PID);
  const handle = await open(await logFile(ctx, job), "a", 0o644);
  try {
    const [command, ...args] = [...ctx.runtime.self, ...jobArgv(job)];
    const child = spawn(command!, args, { stdio: ["ignore", "pipe", "pipe"], env: runnerEnv(ctx, job, holding) });
    const tee = (out: Writable) => (chunk: Buffer) => {
      writeSync(handle.fd, chunk);
      out.write(chunk);
    };
    child.stdout!.on("data", tee(ctx.io.stdout));
    child.stderr!.on("data", tee(ctx.io.stderr));
    return await new Promise<number>((resolve, reject) => {
      child.once("error", (error) => reject(new DokkuError(`Unable to start the build runner: ${error.message}`)));
      child.once("close", (code, signal) => resolve(code ?? (signal === "SIGKILL" ? 137 : 143)));
    });
  } finally {
    await handle.close();
  }
}
