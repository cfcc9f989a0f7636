import { withAppLock } from "../../src/core/app-lock.ts";
import { readConfig } from "../../src/core/config-api.ts";
import type { Ctx } from "../../src/core/context.ts";
import { readFormation, webPort } from "../../src/core/release-facts.ts";
import { DokkuError, UserError } from "../../src/core/errors.ts";
import type { DockerEngine, ImageInfo, ServiceInfo, SwarmTaskInfo } from "../../src/docker/engine.ts";
import { managerEngine } from "./cluster.ts";
import { type Outcome, runningTasks, waitCreated, waitUpdated } from "./converge.ts";
import { serviceHealthcheck } from "./healthcheck.ts";
import { appJson, procfileCommand, releaseImage, serviceOptions, serviceSettings, sourceTypeOf, startCommand } from "./release.ts";
import { CONVERGE_TIMEOUT_MS, WEB } from "./schema.ts";
import { type ServiceInput, buildServiceSpec } from "./service-spec.ts";
import { appServices } from "./services.ts";

/** What one type's rollout changed, so a later type's failure can undo it. */
type Rolled = { kind: "created"; id: string } | { kind: "updated"; service: ServiceInfo };

/**
 * `scheduler-deploy swarm APP TAG [PROC_TYPE]`, under the app's lock: every process type of the
 * formation (or PROC_TYPE) becomes one service `APP-TYPE`, web first, each created or updated
 * (a rolling update, start-first by default) and waited for. A type that fails undoes the types
 * rolled before it (Swarm's rollback of the update, or the new service removed), so the previous
 * release keeps running everywhere; then the traffic switch (`core-post-deploy`) as docker-local.
 */
export async function deploySwarm(ctx: Ctx, app: string, tag: string, procType?: string): Promise<void> {
  await withAppLock(ctx, app, "scheduler-deploy", "waiting", async () => {
    const docker = await managerEngine(ctx);
    const local = `dokku/${app}:${tag}`;
    const info = await docker.inspectImage(local);
    if (!info) throw new UserError(`Image ${local} does not exist: build ${app} first (git push, ps:rebuild)`);
    const image = await releaseImage(ctx, docker, app, tag, info);
    await ctx.triggers.notify("pre-deploy", app, tag);
    const formation = await readFormation(ctx, app);
    const existing = await appServices(docker, app);
    const types = procType ? [procType] : deployOrder([...new Set([...formation.keys(), ...existing.keys()])]);
    const plans = await planServices(ctx, app, tag, info, image, types, formation, existing);
    const rolled: Rolled[] = [];
    for (const { current, input } of plans) {
      const { type } = input;
      ctx.log.step(`Deploying ${type} (count=${input.replicas})`);
      const outcome = await rollOut(docker, current, input, rolled, type === WEB ? proxyFollower(ctx, app) : undefined);
      if (!outcome.ok) {
        await showFailure(ctx, docker, app, type, outcome);
        await undo(ctx, docker, rolled);
        throw new DokkuError(`${type}: ${outcome.reason}\nDeploy of ${app} failed${outcome.rolledBack ? ": Swarm rolled the update back," : ":"} the previous release keeps running`);
      }
      await ctx.triggers.notify("scheduler-post-deploy-process", app, type);
    }
    ctx.log.step("Running post-deploy");
    await ctx.triggers.notify("core-post-deploy", app, "", "", tag);
    await ctx.triggers.notify("post-deploy", app, "", "", tag);
  });
}

type Plan = { current: ServiceInfo | undefined; input: ServiceInput };

/** Every type's service, worked out before any changes: a refused option or check fails the deploy first. */
async function planServices(
  ctx: Ctx, app: string, tag: string, info: ImageInfo, image: string, types: readonly string[],
  formation: ReadonlyMap<string, number>, existing: ReadonlyMap<string, ServiceInfo>,
): Promise<Plan[]> {
  const sourceType = await sourceTypeOf(ctx, app, info);
  const base = { app, image, release: /^release-([0-9]+)$/.exec(tag)?.[1] ?? "", settings: await serviceSettings(ctx, app) };
  const json = await appJson(ctx, app);
  const plans: Plan[] = [];
  for (const type of types) {
    const replicas = await wantedReplicas(ctx, app, type, formation.get(type) ?? 0);
    const current = existing.get(type);
    if (replicas === 0 && !current) continue;
    const port = type === WEB ? await webPort(ctx, app, info, sourceType) : undefined;
    plans.push({
      current,
      input: {
        ...base, type, replicas, port,
        config: await readConfig(ctx, app, "merged"),
        command: await startCommand(ctx, app, sourceType, type, port),
        options: await serviceOptions(ctx, app, tag, sourceType, type),
        healthcheck: serviceHealthcheck(json, type, port),
        forceUpdate: (current?.spec.TaskTemplate.ForceUpdate ?? 0) + 1,
      },
    });
  }
  return plans;
}

/** Creates or updates the type's service and waits for Swarm; a failed new service is removed here. */
async function rollOut(
  docker: DockerEngine, current: ServiceInfo | undefined, input: ServiceInput, rolled: Rolled[], onTick?: (tasks: SwarmTaskInfo[]) => Promise<void>,
): Promise<Outcome> {
  const spec = buildServiceSpec(input);
  if (!current) {
    const id = await docker.createService(spec);
    const outcome = await waitCreated(docker, id, input.replicas, CONVERGE_TIMEOUT_MS);
    if (outcome.ok) rolled.push({ kind: "created", id });
    else await docker.removeService(id);
    return outcome;
  }
  await docker.updateService(current.id, current.version, spec);
  const outcome = await waitUpdated(docker, current.id, current.updateStartedAt, input.replicas, CONVERGE_TIMEOUT_MS, onTick);
  if (outcome.ok) rolled.push({ kind: "updated", service: current });
  return outcome;
}

/**
 * During a rolling update of web: whenever the set of running tasks changes, the proxy is rebuilt
 * from them, so nginx always knows a task that still runs (it retries the next one when a task
 * it knows has just stopped) and never waits for the whole update to learn the new ones.
 */
function proxyFollower(ctx: Ctx, app: string): (tasks: SwarmTaskInfo[]) => Promise<void> {
  let seen: string | undefined; // the first poll: the tasks the proxy config was built from
  return async (tasks) => {
    const now = runningTasks(tasks).map((t) => t.id).sort().join(" ");
    const first = seen === undefined;
    if (now === "" || now === seen) return;
    seen = now;
    if (first) return;
    await ctx.triggers.notify("proxy-build-config", app);
  };
}

/** Puts the types rolled before a failure back: updated services roll back, created ones go. */
async function undo(ctx: Ctx, docker: DockerEngine, rolled: readonly Rolled[]): Promise<void> {
  for (const step of [...rolled].reverse()) {
    if (step.kind === "created") {
      await docker.removeService(step.id);
      continue;
    }
    const now = await docker.inspectService(step.service.id);
    if (!now) continue;
    ctx.log.detail(`Rolling ${now.name} back`);
    await docker.updateService(now.id, now.version, now.spec, { rollback: true });
    await waitUpdated(docker, now.id, now.updateStartedAt, 0, CONVERGE_TIMEOUT_MS);
  }
}

/** The failing task's error and last output, in the frame docker-local uses for a failed container. */
async function showFailure(ctx: Ctx, docker: DockerEngine, app: string, type: string, outcome: Extract<Outcome, { ok: false }>): Promise<void> {
  const task = outcome.task;
  if (!task) return;
  const lines: string[] = [];
  await docker.taskLogs(task.id, { tail: 20 }, (line) => lines.push(line)).catch(() => "absent");
  const what = `${task.id.slice(0, 12)} ${type}.${task.slot}`;
  ctx.log.header(`Start of ${app} task output (${what})`);
  for (const line of lines) ctx.log.data(line);
  ctx.log.header(`End of ${app} task output (${what})`);
  ctx.log.warn(`Task ${what} ${task.state}${task.exitCode !== undefined ? ` (exit ${task.exitCode})` : ""}: ${task.message}`);
}

/** Web first, then the other types by name. */
function deployOrder(types: string[]): string[] {
  return types.sort((a, b) => (a === WEB ? -1 : b === WEB ? 1 : a.localeCompare(b)));
}

/** The formation's count, or 0 for a type the deployed Procfile lacks (its service scales to 0). */
async function wantedReplicas(ctx: Ctx, app: string, type: string, count: number): Promise<number> {
  if (count === 0) return 0;
  if ((await procfileCommand(ctx, app, type)) !== "") return count;
  ctx.log.step(`Skipping ${type} as it is missing from the current Procfile`);
  return 0;
}
