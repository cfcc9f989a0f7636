import { rm } from "node:fs/promises";
import { withAppLock } from "../../src/core/app-lock.ts";
import type { Ctx } from "../../src/core/context.ts";
import { readFormation } from "../../src/core/release-facts.ts";
import { DokkuError, errorMessage } from "../../src/core/errors.ts";
import type { DockerEngine } from "../../src/docker/engine.ts";
import { type Commit, applyCommit, writeJournal } from "./commit.ts";
import { type Dyno, dynoName, readDynos } from "./dynos.ts";
import { failedContainersFile, recordFailed, showContainerOutput } from "./failure.ts";
import { planRelease } from "./plan.ts";
import { runPool } from "./pool.ts";
import { recoverApp } from "./recover.ts";
import { retireDue, spawnRetirer } from "./retire.ts";
import { enqueue } from "./retire-queue.ts";
import { DeployFailure, Rollout, type Started } from "./rollout.ts";
import { WEB } from "./schema.ts";
import { checksDisabled, parallelScheduleCount, restartPolicy, waitToRetire } from "./settings.ts";
import type { ReleasePlan } from "./spec.ts";

/**
 * `scheduler-deploy docker-local APP TAG [PROC_TYPE]` (reference 7.3, DESIGN 3.4 and 3.10), under
 * the app's lock: new containers for every process type of the formation (or only PROC_TYPE),
 * web first, each started and checked; then, all at once, the state files, the traffic switch
 * and the old containers' retirement. Any failure removes every container this deploy created
 * and leaves the running release and its state files as they were.
 */
export async function deployApp(ctx: Ctx, app: string, tag: string, procType?: string): Promise<void> {
  await withAppLock(ctx, app, "scheduler-deploy", "waiting", async () => {
    const docker = await ctx.docker();
    await recoverApp(ctx, docker, app);
    await rm(failedContainersFile(ctx, app), { force: true });
    const plan = await planRelease(ctx, docker, app, tag);
    await ctx.triggers.notify("pre-deploy", app, tag);
    const formation = await readFormation(ctx, app);
    const old = await readDynos(ctx, app);
    const types = procType ? [procType] : deployOrder([...new Set([...formation.keys(), ...old.map((d) => d.type)])]);
    const rollout = new Rollout(ctx, docker, plan);
    const stopped: string[] = [];
    let started: Started[];
    try {
      started = await rollTypes(ctx, docker, plan, rollout, types, formation, old, stopped);
    } catch (error) {
      await rollBack(ctx, docker, app, rollout, stopped, error);
      throw new DokkuError(`${errorMessage(error)}\nDeploy of ${app} failed: the previous release keeps running`);
    }
    const commit = buildCommit(tag, types, old, started, await waitToRetire(ctx, app));
    await writeJournal(ctx, app, commit);
    await applyCommit(ctx, docker, app, commit);
    // With wait-to-retire 0 there is nothing to wait out: the old containers are retired here, beside
    // the post-deploy work, instead of by a detached process that would first have to start. Its
    // failures only warn (the queue keeps what was not retired for ps:retire).
    const retiring = commit.retire.length > 0 && commit.wait === 0
      ? retireDue(ctx, docker, app).catch((error: unknown) => ctx.log.warn(`Retiring the old containers of ${app}: ${errorMessage(error)}`))
      : undefined;
    await ctx.triggers.notify("post-deploy", app, "", "", tag).finally(() => retiring);
    if (commit.retire.length > 0) {
      ctx.log.step(`Shutting down old containers in ${commit.wait} seconds`);
      if (!retiring) await spawnRetirer(ctx, app, commit.wait);
    }
  });
}

/** Web first (everything else waits for it), then the other types by name. */
function deployOrder(types: string[]): string[] {
  return types.sort((a, b) => (a === WEB ? -1 : b === WEB ? 1 : a < b ? -1 : a > b ? 1 : 0));
}

async function rollTypes(
  ctx: Ctx, docker: DockerEngine, plan: ReleasePlan, rollout: Rollout, types: string[],
  formation: Map<string, number>, old: Dyno[], stopped: string[],
): Promise<Started[]> {
  const rollOne = async (type: string): Promise<Started[]> => {
    const count = await wantedCount(ctx, plan, type, formation.get(type) ?? 0);
    if (count > 0) ctx.log.step(`Deploying ${type} (count=${count})`);
    // A type with no container, old or new, has nothing to check or stop.
    const checks = count === 0 || !(await checksDisabled(ctx, plan.app, type));
    if (!checks && count > 0) await stopOld(ctx, docker, type, old, stopped);
    const out = await rollout.rollType(type, count, checks);
    await ctx.triggers.notify("scheduler-post-deploy-process", plan.app, type);
    return out;
  };
  const web = types.includes(WEB) ? await rollOne(WEB) : [];
  const others = await runPool(types.filter((t) => t !== WEB), await parallelScheduleCount(ctx, plan.app), rollOne);
  return [...web, ...others.flat()];
}

/** The formation's count, or 0 for a type the deployed Procfile lacks (its containers retire). */
async function wantedCount(ctx: Ctx, plan: ReleasePlan, type: string, count: number): Promise<number> {
  if (count === 0 || !plan.procfile) return count;
  if ((await ctx.triggers.query("procfile-get-command", plan.app, type)).trim() !== "") return count;
  ctx.log.step(`Skipping ${type} as it is missing from the current Procfile`);
  return 0;
}

/** checks:disable: Dokku's "zero downtime is disabled" mode stops the type's old containers first. */
async function stopOld(ctx: Ctx, docker: DockerEngine, type: string, old: Dyno[], stopped: string[]): Promise<void> {
  const mine = old.filter((d) => d.type === type);
  if (mine.length === 0) return;
  ctx.log.detail(`Zero downtime is disabled, stopping currently running containers (${type})`);
  for (const dyno of mine) {
    await docker.updateRestartPolicy(dyno.id, "no");
    if ((await docker.stopContainer(dyno.id, { timeoutSeconds: 30 })) === "stopped") stopped.push(dyno.id);
  }
}

/**
 * After a failure: the failing container's output is shown and it is kept, stopped, for
 * `logs:failed` until its retirement; every other new container is removed; old containers
 * stopped for checks:disable start again.
 */
async function rollBack(ctx: Ctx, docker: DockerEngine, app: string, rollout: Rollout, stopped: string[], error: unknown): Promise<void> {
  const failed = error instanceof DeployFailure ? error.dyno : undefined;
  if (failed?.id) {
    await showContainerOutput(ctx, docker, app, failed.id, dynoName(failed));
    await recordFailed(ctx, app, [{ id: failed.id, dyno: dynoName(failed) }]);
    await docker.updateRestartPolicy(failed.id, "no");
    await docker.stopContainer(failed.id, { timeoutSeconds: 10 });
    await enqueue(ctx, app, [failed.id], await waitToRetire(ctx, app));
  }
  for (const id of rollout.created) if (id !== failed?.id) await docker.removeContainer(id, { force: true });
  const policy = await restartPolicy(ctx, app);
  for (const id of stopped) {
    await docker.updateRestartPolicy(id, policy);
    await docker.startContainer(id);
  }
}

/** New containers replace every old one of the rolled types; indexes beyond the new count drop. */
export function buildCommit(tag: string, types: readonly string[], old: readonly Dyno[], started: readonly Started[], wait: number): Commit {
  const rolled = new Set(types);
  const replaced = old.filter((d) => rolled.has(d.type));
  const kept = new Set(started.map((s) => dynoName(s)));
  return {
    tag,
    dynos: [...started],
    drop: replaced.filter((d) => !kept.has(dynoName(d))).map(({ type, index }) => ({ type, index })),
    retire: replaced.map((d) => d.id).filter((id) => !started.some((s) => s.id === id)),
    wait,
  };
}
