// Shared pieces of the docker-local handlers of this plugin: the scheduler check, the app's
// one-off containers (found by label, never by name) and the terminal decision.
import type { Ctx } from "../../src/core/context.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import type { TriggerName } from "../../src/core/trigger-catalog.ts";
import type { ContainerSummary, DockerEngine } from "../../src/docker/engine.ts";
import { LABELS, ownedBy } from "../../src/docker/labels.ts";
import { DOCKER_LOCAL, RUN_ENV, RUN_LABELS, envFlag } from "./schema.ts";

/** Runs `handler` only when the trigger's first argument names docker-local, as Dokku's scripts check. */
export function whenDockerLocal<N extends TriggerName>(handler: TriggerHandler<N>): TriggerHandler<N> {
  return (ctx, args, io) => (args[0] === DOCKER_LOCAL ? handler(ctx, args, io) : undefined);
}

/** The app's containers of one `com.dokku.container-type` (all of them, stopped ones too). */
export async function containersOfType(docker: DockerEngine, app: string, type: string, running = false): Promise<ContainerSummary[]> {
  const listed = await docker.listContainers({ labels: { [LABELS.app]: app, [RUN_LABELS.containerType]: type }, all: !running });
  return listed.filter((c) => ownedBy(c.labels, app));
}

/**
 * Whether the session gets a TTY: DOKKU_FORCE_TTY, else not when DOKKU_DISABLE_TTY or detached,
 * else when both our stdin and stdout are terminals (reference 1.3, `has_tty`).
 */
export function wantsTty(ctx: Ctx): boolean {
  const vars = ctx.env.vars;
  if (envFlag(vars[RUN_ENV.forceTty])) return true;
  if (envFlag(vars[RUN_ENV.disableTty]) || envFlag(vars[RUN_ENV.detach])) return false;
  return ctx.runtime.isTerminal(0) && ctx.runtime.isTerminal(1);
}
