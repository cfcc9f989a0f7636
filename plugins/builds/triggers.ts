import { mkdir, rename, rm } from "node:fs/promises";
import { hostname } from "node:os";
import type { Ctx } from "../../src/core/context.ts";
import { SilentExit, UserError } from "../../src/core/errors.ts";
import { exists } from "../../src/core/fs-exists.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import { chainHandlers, propertyLifecycle } from "../../src/core/property-lifecycle.ts";
import { followBuild } from "./follow.ts";
import { generateBuildId, parseBuildId } from "./ids.ts";
import { processStart } from "../../src/core/process.ts";
import { BUILDS, classifySource, isTerminal } from "./schema.ts";
import { buildsDir, durationMs, ensureBuildsDir, logPath, pruneApp, readRecord, writeRecord } from "./store.ts";

/** `builds-generate-id`: a fresh id and nothing else on stdout (callers capture it). */
export const onBuildsGenerateId: TriggerHandler<"builds-generate-id"> = () => `${generateBuildId()}\n`;

/**
 * `builds-record-start APP ID PID SOURCE [REV] [WORKDIR]`: the running record, written by the
 * process that runs the build, with the caller's identity (ssh key name and unix user).
 */
export const onBuildsRecordStart: TriggerHandler<"builds-record-start"> = async (ctx, [app = "", rawId, pidText = "", rawSource = "", rev = "", workdir = ""]) => {
  const id = parseBuildId(rawId);
  if (!app) throw new UserError("builds-record-start: missing app name");
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) throw new UserError(`builds-record-start: invalid pid "${pidText}"`);
  const { source, kind, known } = classifySource(rawSource);
  if (!known) ctx.log.warn(`builds-record-start: unknown source "${rawSource}" for app ${app}, recording as "unknown"`);
  await writeRecord(ctx, {
    id,
    app,
    kind,
    pid,
    pid_start: processStart(pid),
    host: hostname(),
    started_at: new Date().toISOString(),
    status: "running",
    source,
    rev,
    who: ctx.caller.name,
    user: ctx.caller.user,
    ...(workdir ? { workdir } : {}),
  });
};

/**
 * `builds-record-finalize APP ID EXIT`: succeeded or failed by exit code, then retention. A record
 * that is already final (builds:cancel got there first) keeps its status.
 */
export const onBuildsRecordFinalize: TriggerHandler<"builds-record-finalize"> = async (ctx, [app = "", rawId, exitText = ""]) => {
  const id = parseBuildId(rawId);
  const code = Number(exitText);
  if (!Number.isInteger(code)) throw new UserError(`builds-record-finalize: invalid exit code "${exitText}"`);
  const record = await readRecord(ctx, app, id);
  if (!record) return void ctx.log.warn(`builds-record-finalize: no record for ${app}/${id}, skipping`);
  if (!isTerminal(record.status)) {
    const finished = { ...record, finished_at: new Date().toISOString() };
    await writeRecord(ctx, { ...finished, duration_ms: durationMs(finished), exit_code: code, status: code === 0 ? "succeeded" : "failed" });
  }
  await pruneApp(ctx, app);
};

/** `builds-log-path APP ID`: where the build's output goes (the directory is created). */
export const onBuildsLogPath: TriggerHandler<"builds-log-path"> = async (ctx, [app = "", rawId]) => {
  const id = parseBuildId(rawId);
  await ensureBuildsDir(ctx, app);
  return `${logPath(ctx, app, id)}\n`;
};

/**
 * `builds-follow APP ID [PID]`: relays the build's log to our stdout until it ends, then fails
 * with the build's exit code unless it succeeded. The hook uses it to show a detached build.
 */
export const onBuildsFollow: TriggerHandler<"builds-follow"> = async (ctx, [app = "", rawId, pidText]) => {
  const id = parseBuildId(rawId);
  const result = await followBuild(ctx, app, id, { write: (text) => ctx.io.stdout.write(text), pid: pidText ? Number(pidText) : undefined });
  if (result.status === "succeeded") return;
  throw new SilentExit(failureCode(ctx, id, result.status, result.record?.exit_code));
};

/** The exit code a follower reports, with a line for endings the log itself cannot tell. */
export function failureCode(ctx: Ctx, id: string, status: string, exitCode: number | undefined): number {
  if (status === "missing") ctx.log.error(`Build ${id} did not start; see its log for details`);
  if (status === "abandoned") ctx.log.error(`Build ${id} stopped without a result: its process is gone`);
  return exitCode !== undefined && exitCode > 0 ? exitCode : 1;
}

const lifecycle = propertyLifecycle(BUILDS);

/** `post-create APP`: the app's build directory exists from the start, owned by the dokku user. */
export const onPostCreate: TriggerHandler<"post-create"> = async (ctx, [app]) => {
  if (app) await ensureBuildsDir(ctx, app);
};

/** `post-delete APP`: the app's records and logs go with it. */
export const onPostDelete = chainHandlers(lifecycle["post-delete"], async (ctx, [app]) => {
  if (app) await rm(buildsDir(ctx, app), { recursive: true, force: true });
});

/** `post-app-rename-setup OLD NEW`: the history moves with the app (a clone starts with none). */
export const onPostAppRenameSetup = chainHandlers(lifecycle["post-app-rename-setup"], async (ctx, [from, to]) => {
  if (!from || !to) return;
  if (!(await exists(buildsDir(ctx, from)))) return;
  await mkdir(ctx.paths.dataDir(BUILDS), { recursive: true });
  await rename(buildsDir(ctx, from), buildsDir(ctx, to));
});

export const onPostAppCloneSetup = lifecycle["post-app-clone-setup"];
