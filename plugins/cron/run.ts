import { join } from "node:path";
import { appArg } from "../../src/cli/shared-args.ts";
import type { Ctx } from "../../src/core/context.ts";
import { contextWithEnv } from "../../src/core/create-context.ts";
import { UserError } from "../../src/core/errors.ts";
import { LockBusyError, type LockHandle, acquireLock } from "../../src/core/lock.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { CronCommandError, splitCronCommand } from "./command.ts";
import { appTasks, schedulerOf } from "./host-crontab.ts";
import { CRON, CRON_LABELS, CRON_RUN_ENV } from "./schema.ts";
import type { CronTask } from "./tasks.ts";

export const cronRun = defineCommand({
  name: "cron:run",
  description: "Run a cron task on the fly",
  usage: "<app> <cron_id> [--detach] [--ttl-seconds SECONDS]",
  args: {
    ...appArg,
    detach: { type: "boolean", description: "Run the task in the background" },
    "ttl-seconds": { type: "string", description: "Seconds before the task's container is retired (default 86400)", valueHint: "SECONDS" },
  },
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    const tasks = await appTasks(ctx, app);
    const id = String(args._[1] ?? "");
    // dokku-compat: Dokku's messages.
    if (id === "") throw new UserError(`Please specify a Cron ID from the output of 'dokku cron:list ${app}'`);
    const task = tasks.find((t) => t.id === id);
    if (!task) throw new UserError(`No matching Cron ID found. Please specify a Cron ID from the output of 'dokku cron:list ${app}'`);
    const ttl = args["ttl-seconds"];
    if (ttl !== undefined && !/^[1-9][0-9]{0,8}$/.test(ttl)) throw new UserError(`Invalid --ttl-seconds value ${JSON.stringify(ttl)}: expected a whole number of seconds, at least 1`);
    await runTask(ctx, app, task, { detach: Boolean(args.detach), ttl });
  },
});

/**
 * Runs the task through the app's scheduler (`scheduler-run`) as a one-off `cron` container,
 * after applying its concurrency policy: `forbid` refuses while another run of the task is
 * alive, `replace` stops that run first, `allow` runs alongside. A per-task lock closes the gap
 * between looking for a running container and starting the new one.
 */
async function runTask(ctx: Ctx, app: string, task: CronTask, options: { detach: boolean; ttl?: string }): Promise<void> {
  let words: string[];
  try {
    words = splitCronCommand(task.command);
  } catch (error) {
    if (error instanceof CronCommandError) throw new UserError(`Could not parse command: ${error.message}`);
    throw error;
  }
  const scheduler = await schedulerOf(ctx, app);
  const policy = task.concurrency_policy || "allow";
  const dockerLocal = scheduler === "docker-local";
  if (policy === "replace" && dockerLocal) await stopRunning(ctx, app, task.id);
  const lock = policy === "allow" ? undefined : await taskLock(ctx, app, task.id, policy);
  try {
    // Under the lock, a running container of the task was started before it (detached).
    if (policy === "forbid" && dockerLocal && (await running(ctx, app, task.id)).length > 0) throw cronLockHeld(app, task.id);
    if (policy === "replace" && dockerLocal) await stopRunning(ctx, app, task.id);
    const env: Record<string, string> = {
      [CRON_RUN_ENV.cronId]: task.id,
      [CRON_RUN_ENV.concurrencyPolicy]: policy,
      [CRON_RUN_ENV.removeContainer]: "1",
    };
    if (options.detach) Object.assign(env, { [CRON_RUN_ENV.detach]: "1", [CRON_RUN_ENV.disableTty]: "true" });
    if (options.ttl) env[CRON_RUN_ENV.ttlSeconds] = options.ttl;
    await contextWithEnv(ctx, env).triggers.notify("scheduler-run", scheduler, app, "0", "--", ...words);
  } finally {
    await lock?.release();
  }
}

/** `LIB/data/cron/APP/<id>.lock`: held by the run of a forbid/replace task while it starts (or runs, attached). */
async function taskLock(ctx: Ctx, app: string, id: string, policy: string): Promise<LockHandle> {
  try {
    return await acquireLock(join(ctx.paths.dataDir(CRON, app), `${id}.lock`), {
      wait: policy === "replace",
      timeoutMs: 60_000,
      command: "cron:run",
      owner: ctx.props.owner,
    });
  } catch (error) {
    if (error instanceof LockBusyError) throw cronLockHeld(app, id);
    throw error;
  }
}

/** dokku-compat: the wording Dokku's tests look for. */
function cronLockHeld(app: string, id: string): UserError {
  return new UserError(`${app} currently has a cron lock in place for ${id}`);
}

/** docker-local: the running containers of this task, found by their `com.dokku.cron-id` label. */
async function running(ctx: Ctx, app: string, id: string) {
  return (await ctx.docker()).listContainers({ labels: { "com.dokku.app-name": app, [CRON_LABELS.cronId]: id } });
}

async function stopRunning(ctx: Ctx, app: string, id: string): Promise<void> {
  const docker = await ctx.docker();
  for (const container of await running(ctx, app, id)) {
    ctx.log.step(`Stopping ${container.name}: the task's concurrency policy is replace`);
    await docker.stopContainer(container.id, { timeoutSeconds: 10 });
  }
}
