import { lockApp, withAppLock } from "../../src/core/app-lock.ts";
import { UserError, errorMessage } from "../../src/core/errors.ts";
import type { LockHandle } from "../../src/core/lock.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import { chainHandlers, propertyLifecycle } from "../../src/core/property-lifecycle.ts";
import { cleanupApp } from "./cleanup.ts";
import { deployApp } from "./deploy.ts";
import { removeAllDynoFiles } from "./dynos.ts";
import { recoverApp, refreshAddresses } from "./recover.ts";
import { renameContainers } from "./rename.ts";
import { retireDue } from "./retire.ts";
import { enqueue } from "./retire-queue.ts";
import { SCHEDULER_DOCKER_LOCAL, SHM_SIZE, SdlProps } from "./schema.ts";
import { ownProperty, restartPolicy, waitToRetire } from "./settings.ts";
import { appStatus, inspectApp, isDeployed, processStatus } from "./status.ts";
import { whenDockerLocal } from "./triggers.ts";

/** `scheduler-deploy docker-local APP TAG [PROC_TYPE]`. */
export const onSchedulerDeploy = whenDockerLocal<"scheduler-deploy">(async (ctx, [, app, tag, procType]) => {
  if (procType !== undefined && procType !== "" && !/^[A-Za-z0-9_-]+$/.test(procType)) throw new UserError(`Invalid process type ${procType}`);
  await deployApp(ctx, await ctx.apps.verify(app), tag || "latest", procType || undefined);
});

export const onAppStatus = whenDockerLocal<"scheduler-app-status">((ctx, [, app]) => appStatus(ctx, app));
export const onProcessStatus = whenDockerLocal<"scheduler-process-status">((ctx, [, app]) => processStatus(ctx, app));
export const onIsDeployed = whenDockerLocal<"scheduler-is-deployed">((ctx, [, app]) => isDeployed(ctx, app));
export const onInspect = whenDockerLocal<"scheduler-inspect">((ctx, [, app]) => inspectApp(ctx, app));

/** `scheduler-docker-cleanup docker-local APP [FORCE]`: before a build. */
export const onDockerCleanup = whenDockerLocal<"scheduler-docker-cleanup">(async (ctx, [, app]) => {
  const docker = await ctx.docker();
  if (await docker.reachable()) await cleanupApp(ctx, docker, app);
});

/** `scheduler-register-retired APP CID [WAIT]`: queues a container for retirement. */
export const onRegisterRetired: TriggerHandler<"scheduler-register-retired"> = async (ctx, [app, id, wait]) => {
  const seconds = wait !== undefined && wait !== "" ? Number(wait) : await waitToRetire(ctx, app);
  if (!Number.isInteger(seconds) || seconds < 0) throw new UserError(`Invalid wait: ${wait}`);
  await enqueue(ctx, app, [id], seconds);
};

/**
 * `scheduler-retire docker-local [APP]` (ps:retire, every few minutes from a timer): retires what
 * is due and, for each app whose lock is free, finishes or cleans up after killed deploys.
 */
export const onRetire = whenDockerLocal<"scheduler-retire">(async (ctx, [, app]) => {
  const docker = await ctx.docker();
  if (app) return withAppLock(ctx, app, "ps:retire", "waiting", () => recoverApp(ctx, docker, app));
  await retireDue(ctx, docker);
  let failure: unknown;
  for (const name of await ctx.apps.list()) {
    let lock: LockHandle;
    try {
      lock = await lockApp(ctx, name, "ps:retire", "exclusive");
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      ctx.log.trace(`ps:retire: ${name} is locked, skipped`);
      continue;
    }
    try {
      await recoverApp(ctx, docker, name);
    } catch (error) {
      ctx.log.warn(`ps:retire: ${name}: ${errorMessage(error)}`);
      failure ??= error;
    } finally {
      await lock.release();
    }
  }
  if (failure) throw failure;
});

/**
 * `scheduler-pre-restore docker-local` (boot, before ps:restore): due retirements first; then the
 * address files of containers the daemon brought back itself (restart policy) are rewritten,
 * since a restarted daemon hands out new IPs; ps:restore then rebuilds the proxy from them.
 */
export const onPreRestore = whenDockerLocal<"scheduler-pre-restore">(async (ctx) => {
  const docker = await ctx.docker();
  if (!(await docker.reachable())) return;
  await retireDue(ctx, docker);
  for (const app of await ctx.apps.list()) {
    let lock: LockHandle;
    try {
      lock = await lockApp(ctx, app, "ps:restore", "exclusive");
    } catch (error) {
      if (error instanceof UserError) continue; // a deploy in progress writes its own addresses
      throw error;
    }
    try {
      await refreshAddresses(ctx, docker, app);
    } finally {
      await lock.release();
    }
  }
});

/** `docker-args-process-deploy APP SRC TAG TYPE [INDEX]`: the restart policy (ps) and shm size. */
export const onDockerArgsProcessDeploy: TriggerHandler<"docker-args-process-deploy"> = async (ctx, [app]) => {
  const shm = await ownProperty(ctx, app, SdlProps.shmSize);
  return ` --restart=${await restartPolicy(ctx, app)}${shm && SHM_SIZE.test(shm) ? ` --shm-size=${shm}` : ""}`;
};

/**
 * `core-post-deploy APP ...`: containers get their `APP.TYPE.N` names. The CHECKS file Dokku keeps in
 * this plugin's data directory is extracted, committed, copied and moved by the checks plugin.
 */
export const onCorePostDeploy: TriggerHandler<"core-post-deploy"> = async (ctx, [app]) => {
  await renameContainers(ctx, await ctx.docker(), app);
};

const lifecycle = propertyLifecycle(SCHEDULER_DOCKER_LOCAL);

/** apps:clone copies the app directory: the clone must not claim the source's containers. */
export const onPostAppCloneSetup = chainHandlers<"post-app-clone-setup">(lifecycle["post-app-clone-setup"], async (ctx, [, to]) => {
  await removeAllDynoFiles(ctx, to);
});

export const onPostAppRenameSetup = chainHandlers<"post-app-rename-setup">(lifecycle["post-app-rename-setup"], async (ctx, [, to]) => {
  await removeAllDynoFiles(ctx, to);
});

export const onPostDelete = lifecycle["post-delete"];
