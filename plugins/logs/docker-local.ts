// docker-local answers for logs, run:logs and logs:failed: which containers, found by label.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { readDynos } from "../../src/core/dyno-files.ts";
import { UserError, isNotFound } from "../../src/core/errors.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import type { TriggerName } from "../../src/core/trigger-catalog.ts";
import type { ContainerSummary, DockerEngine } from "../../src/docker/engine.ts";
import { LABELS, ownedBy } from "../../src/docker/labels.ts";
import { type LogSource, printLogs } from "./stream.ts";

const CONTAINER_TYPE = "com.dokku.container-type";

function whenDockerLocal<N extends TriggerName>(handler: TriggerHandler<N>): TriggerHandler<N> {
  return (ctx, args, io) => (args[0] === "docker-local" ? handler(ctx, args, io) : undefined);
}

/** `scheduler-logs docker-local APP PROC_TYPE TAIL QUIET NUM`: the current release's containers. */
export const onSchedulerLogs = whenDockerLocal<"scheduler-logs">(async (ctx, [, app, procType, tail, quiet, num]) => {
  const docker = await ctx.docker();
  let sources = await releaseSources(ctx, docker, app);
  if (procType) {
    sources = sources.filter((s) => s.type === procType);
    if (sources.length === 0) throw new UserError(`No ${procType} containers found for ${app}`);
  }
  if (sources.length === 0) throw new UserError(`No containers found for ${app}`);
  await printLogs(ctx, sources, { follow: tail === "true", quiet: quiet === "true", num: Number(num) || 0 });
});

/** `scheduler-run-logs docker-local APP CONTAINER TAIL QUIET NUM`: one run container, or all of the app's. */
export const onSchedulerRunLogs = whenDockerLocal<"scheduler-run-logs">(async (ctx, [, app = "", name, tail, quiet, num]) => {
  const docker = await ctx.docker();
  const dynoOf = (c: { name: string; labels: Record<string, string> }) => c.labels[LABELS.dyno] ?? c.name;
  let sources: LogSource[];
  if (name) {
    const info = await docker.inspectContainer(name);
    if (!info || info.labels[LABELS.app] !== app) throw new UserError(`No run container named ${name} found for ${app}`);
    // dokku-compat: Dokku's wording; a cron task's one-off container (`cron`) is accepted too.
    if (!["run", "cron"].includes(info.labels[CONTAINER_TYPE] ?? "")) throw new UserError("Specified container must be a run container");
    sources = [{ id: info.id, dyno: dynoOf(info) }];
  } else {
    const listed = await docker.listContainers({ labels: { [LABELS.app]: app, [CONTAINER_TYPE]: "run" }, all: true });
    sources = listed.filter((c) => ownedBy(c.labels, app)).sort((a, b) => a.created - b.created).map((c) => ({ id: c.id, dyno: dynoOf(c) }));
    if (sources.length === 0) throw new UserError(`No run containers found for ${app}`);
  }
  await printLogs(ctx, sources, { follow: tail === "true", quiet: quiet === "true", num: Number(num) || 0 });
});

/**
 * The containers of the app's current release, ordered by process type and index: those the
 * scheduler recorded in `DOKKU_ROOT/APP/CONTAINER.TYPE.N` when there are such files, else the
 * ones of the newest `com.dokku.release`. Type and index come from labels.
 */
async function releaseSources(ctx: Ctx, docker: DockerEngine, app: string): Promise<(LogSource & { type: string })[]> {
  const listed = (await docker.listContainers({ labels: { [LABELS.app]: app, [CONTAINER_TYPE]: "deploy" }, all: true })).filter((c) => ownedBy(c.labels, app));
  const recorded = await recordedIds(ctx, app);
  const current = recorded.length > 0 ? listed.filter((c) => recorded.some((id) => c.id.startsWith(id))) : newestRelease(listed);
  return current
    .map((c) => ({ c, type: c.labels[LABELS.processType] ?? "", index: Number(c.labels[LABELS.containerIndex] ?? c.labels[LABELS.dyno]?.split(".").pop()) }))
    .filter((d) => d.type !== "" && Number.isSafeInteger(d.index))
    .sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : a.index - b.index))
    .map((d) => ({ id: d.c.id, dyno: `${d.type}.${d.index}`, type: d.type }));
}

/** Container ids in `DOKKU_ROOT/APP/CONTAINER.*` (the live containers, written by the scheduler). */
async function recordedIds(ctx: Ctx, app: string): Promise<string[]> {
  return (await readDynos(ctx, app)).map((d) => d.id).filter((id) => /^[0-9a-f]{12,64}$/.test(id));
}

/** The containers of the highest `com.dokku.release` label; all of them when none has one. */
function newestRelease(containers: readonly ContainerSummary[]): ContainerSummary[] {
  const release = (c: ContainerSummary) => Number(c.labels[LABELS.release] ?? Number.NaN);
  const numbered = containers.filter((c) => Number.isFinite(release(c)));
  if (numbered.length === 0) return [...containers];
  const newest = Math.max(...numbered.map(release));
  return numbered.filter((c) => release(c) === newest);
}

/**
 * `scheduler-logs-failed docker-local APP`: the output of every container listed in
 * `LIB/data/scheduler-docker-local/APP/failed-containers` (`<cid> <type>.<n>` lines, written by
 * the scheduler when a deploy fails), framed as the scheduler frames container output.
 */
export const onSchedulerLogsFailed = whenDockerLocal<"scheduler-logs-failed">(async (ctx, [, app]) => {
  const file = join(ctx.paths.dataDir("scheduler-docker-local", app), "failed-containers");
  const text = await readFile(file, "utf8").catch((error: unknown) => (isNotFound(error) ? "" : Promise.reject(error)));
  const entries = text.split("\n").map((l) => l.trim().split(/\s+/)).filter(([cid]) => cid);
  if (entries.length === 0) return void ctx.log.warn(`No failed containers found for ${app}`);
  const docker = await ctx.docker();
  for (const [cid = "", dyno = ""] of entries) {
    const what = `${cid.slice(0, 12)} ${dyno}`.trim();
    const info = await docker.inspectContainer(cid);
    if (!info || !ownedBy(info.labels, app)) {
      ctx.log.warn(`Container ${what} of ${app} no longer exists`);
      continue;
    }
    ctx.log.header(`Start of ${app} container output (${what})`);
    await docker.containerLogs(cid, {}, (line) => ctx.io.stdout.write(`${line}\n`));
    ctx.log.header(`End of ${app} container output (${what})`);
  }
});
