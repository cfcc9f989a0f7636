import { appendFile, rm } from "node:fs/promises";
import { basename, isAbsolute } from "node:path";
import { appArg } from "../../src/cli/shared-args.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { readHolder } from "../../src/core/lock.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { processAlive } from "../../src/core/process.ts";
import { descendants, signalBuild } from "./proc.ts";
import { type BuildRecord, NO_EXIT_CODE } from "./schema.ts";
import { durationMs, isLive, listRecords, logPath, pruneApp, readRecord, writeRecord } from "./store.ts";

/** How long a canceled build gets to stop after SIGTERM before SIGKILL. */
const GRACE_MS = 10_000;

/**
 * `builds:cancel APP`: SIGTERM to the running build's process group (and any process below the
 * runner that left it), SIGKILL after a grace period, then the record says canceled, the runner's
 * deploy lock and work directory are removed. dokku-compat: Dokku sends SIGQUIT once; a build
 * that ignores it keeps running there.
 */
export const buildsCancel = defineCommand({
  name: "builds:cancel",
  description: "Cancel a running build for an app",
  args: appArg,
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    const records = (await listRecords(ctx, app)).filter((r) => r.status === "running");
    const record = records.find(isLive) ?? records[0];
    if (!record) return void ctx.log.step("App not currently deploying");
    if (!isLive(record)) {
      ctx.log.step("Build was already terminated, marking failed");
      await finish(ctx, record, "failed");
      return;
    }
    ctx.log.step("Killing app deploy");
    await appendFile(logPath(ctx, app, record.id), ` !     Build canceled with builds:cancel by ${ctx.caller.name}\n`).catch(() => undefined);
    const tree = [record.pid, ...descendants(record.pid)];
    signalBuild(record.pid, "SIGTERM");
    if (!(await waitForExit(record, GRACE_MS))) {
      ctx.log.warn(`Build ${record.id} did not stop after SIGTERM, sending SIGKILL`);
      signalBuild(record.pid, "SIGKILL");
      for (const pid of tree) if (processAlive(pid)) signalBuild(pid, "SIGKILL");
      await waitForExit(record, 5_000);
    }
    const current = await readRecord(ctx, app, record.id);
    // Containers the daemon runs for the build (herokuish's /build) outlive the killed runner.
    await ctx.triggers.notify("post-build-cancel", app, record.id);
    await finish(ctx, current ?? record, "canceled");
    ctx.log.step(`Build ${record.id} canceled`);
  },
});

async function waitForExit(record: BuildRecord, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (processAlive(record.pid, record.pid_start)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}

/**
 * Final record (unless the runner wrote one itself), the dead runner's lock (a lock held by a
 * live caller, as git:from-archive holds it, is left to that caller) and its work directory.
 */
async function finish(ctx: Ctx, record: BuildRecord, status: "failed" | "canceled"): Promise<void> {
  if (record.status === "running") {
    const finished = { ...record, finished_at: new Date().toISOString() };
    await writeRecord(ctx, { ...finished, status, exit_code: NO_EXIT_CODE, duration_ms: durationMs(finished) });
  }
  const lock = ctx.paths.deployLock(record.app);
  const holder = await readHolder(lock);
  if (holder !== "absent" && holder?.pid === record.pid && !processAlive(record.pid, record.pid_start)) await rm(lock, { force: true });
  // Only a directory our runner made (`dokku-<pid>-<purpose>.XXXXXX`), whatever the record says.
  if (record.workdir && isAbsolute(record.workdir) && /^dokku-\d+-[\w-]+\.\w+$/.test(basename(record.workdir))) {
    await rm(record.workdir, { recursive: true, force: true });
  }
}

/** `builds:prune APP|--all-apps [--keep N]`: reap abandoned records, then keep the newest N (default: retention). */
export const buildsPrune = defineCommand({
  name: "builds:prune",
  description: "Reap abandoned records and apply retention",
  usage: "<app>|--all-apps [--keep N]",
  args: {
    ...appArg,
    "all-apps": { type: "boolean", description: "Prune every app" },
    keep: { type: "string", description: "Keep this many finished builds instead of the retention" },
  },
  async run(ctx, args) {
    let keep: number | undefined;
    if (args.keep !== undefined) {
      if (!/^\d+$/.test(String(args.keep))) throw new UserError(`Invalid --keep value: ${args.keep} (expected a whole number)`);
      keep = Number(args.keep);
    }
    const apps = args["all-apps"] ? await ctx.apps.list() : [await ctx.apps.verify(args.app)];
    for (const app of apps) {
      const removed = await pruneApp(ctx, app, keep);
      // dokku-compat: Dokku prunes silently; one line per app says what went.
      ctx.log.step(`Pruned ${removed} build record${removed === 1 ? "" : "s"} of ${app}`);
    }
  },
});
