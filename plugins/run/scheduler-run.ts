import { randomInt } from "node:crypto";
import { splitXargs } from "../../src/cli/ssh-command.ts";
import { readConfig } from "../../src/core/config-api.ts";
import type { Ctx } from "../../src/core/context.ts";
import { SilentExit, UserError } from "../../src/core/errors.ts";
import type { ContainerCreateSpec, DockerEngine } from "../../src/docker/engine.ts";
import { containersOfType, wantsTty, whenDockerLocal } from "./docker-local.ts";
import { appImage, appShell, imageSourceType, releasedImage } from "./image.ts";
import { parseEnvPair, parseTtlSeconds } from "./options.ts";
import { globalLabelFlags, runCommand, runContainerSpec } from "./run-spec.ts";
import { DEFAULT_SHELL, DEFAULT_TTL_SECONDS, DOCKER_LOCAL, type OneOffKind, RUN_ENV, envFlag } from "./schema.ts";

/**
 * `scheduler-run docker-local APP ENV_COUNT [K=V...] [--] COMMAND...` (reference 7.7): a one-off
 * container from the app's released image with its config, attached to our stdio (exit code =
 * the container's), or with DOKKU_DETACH_CONTAINER started in the background and named.
 */
export const onSchedulerRun = whenDockerLocal<"scheduler-run">(async (ctx, [, app = "", count = "0", ...rest]) => {
  const { env, command } = splitEnvAndCommand(count, rest);
  const docker = await ctx.docker();
  const detached = envFlag(ctx.env.vars[RUN_ENV.detach]);
  const tty = wantsTty(ctx);
  // stdin joins only when it is a terminal: docker drops a TTY session's output once a
  // non-terminal stdin (a forced TTY under a pipe) reaches its end.
  const interactive = tty && !detached && ctx.runtime.isTerminal(0);
  const spec = await runSpec(ctx, docker, { app, env, command, tty, interactive });
  const id = await docker.createContainer(spec, { failure: `Unable to create a run container for ${app}` });
  try {
    await ctx.triggers.notify("post-container-create", "app", id, app, "run");
  } catch (error) {
    await docker.removeContainer(id, { force: true });
    throw error;
  }
  if (detached) {
    await docker.startContainer(id);
    await ctx.triggers.notify("scheduler-post-run", DOCKER_LOCAL, app, id);
    return `${spec.name}\n`;
  }
  // Signals meant for us (a kill, a closed session) reach the container, as `docker run` proxies them.
  const forward = ctx.runtime.onInterrupt((signal) => {
    docker.killContainer(id, { signal }).catch(() => undefined);
  });
  const code = await docker.attachContainer(id, { interactive }).finally(forward);
  await ctx.triggers.notify("scheduler-post-run", DOCKER_LOCAL, app, id);
  if (code !== 0) throw new SilentExit(code);
});

interface RunRequest {
  app: string;
  env: [string, string][];
  command: string[];
  tty: boolean;
  interactive: boolean;
}

/** Gathers what the container needs (released image, config, Procfile, plugins' flags) into its create spec. */
async function runSpec(ctx: Ctx, docker: DockerEngine, { app, env, command, tty, interactive }: RunRequest): Promise<ContainerCreateSpec> {
  const { ref, tag } = await appImage(ctx, app);
  const image = await releasedImage(docker, app, ref);
  const config = await readConfig(ctx, app, "merged");
  const procfile = await procfileEntry(ctx, app, command[0]);
  const sourceType = imageSourceType(image, config.get("DOKKU_APP_USER") || undefined);
  const fragments = `${await ctx.triggers.query("docker-args-run", app, tag)} ${await ctx.triggers.query("docker-args-process-run", app, sourceType, tag)}`;
  // dokku-compat: a cron task's container is `APP.cron.N` of container type `cron`, as in Dokku.
  const kind = ctx.env.vars[RUN_ENV.cronId] ? "cron" : "run";
  return runContainerSpec({
    app,
    image: ref,
    kind,
    index: await freeIndex(docker, app, kind),
    config,
    env,
    fragments: splitXargs(fragments),
    globalLabels: globalLabelFlags(ctx.env.vars[RUN_ENV.globalFlags] ?? ctx.flags.list),
    tty,
    interactive,
    ttlSeconds: ttlSeconds(ctx),
    processType: procfile?.type,
    command: runCommand(command, procfile?.words, await appShell(ctx, app, config, DEFAULT_SHELL), sourceType === "herokuish"),
  });
}

/** `ENV_COUNT` `K=V` words, an optional `--` (Dokku's run passes one), then the command. */
export function splitEnvAndCommand(count: string, rest: readonly string[]): { env: [string, string][]; command: string[] } {
  if (!/^[0-9]+$/.test(count) || Number(count) > rest.length) throw new UserError(`Invalid ENV_COUNT for scheduler-run: ${JSON.stringify(count)}`);
  const n = Number(count);
  const env = rest.slice(0, n).map(parseEnvPair);
  const command = rest.slice(n);
  return { env, command: command[0] === "--" ? command.slice(1) : command };
}

/**
 * The Procfile entry the first word names (`procfile-get-command`, answered by ps), split like
 * xargs with no shell, and announced as Dokku does; undefined for any other word.
 */
async function procfileEntry(ctx: Ctx, app: string, word: string | undefined): Promise<{ type: string; words: string[] } | undefined> {
  if (!word || !/^[A-Za-z0-9_-]{1,63}$/.test(word)) return undefined;
  const command = (await ctx.triggers.query("procfile-get-command", app, word)).trim();
  if (command === "") return undefined;
  ctx.log.step(`Found '${word}' in Procfile, running that command`);
  return { type: word, words: splitXargs(command) };
}

function ttlSeconds(ctx: Ctx): number {
  const text = ctx.env.vars[RUN_ENV.ttlSeconds];
  return text ? parseTtlSeconds(text) : DEFAULT_TTL_SECONDS;
}

/** A random `N` for `APP.KIND.N` (1-32767, as Dokku's $RANDOM) that no container of the app uses. */
async function freeIndex(docker: DockerEngine, app: string, kind: OneOffKind): Promise<number> {
  const taken = new Set((await containersOfType(docker, app, kind)).map((c) => c.name));
  for (;;) {
    const n = randomInt(1, 32768);
    if (!taken.has(`${app}.${kind}.${n}`)) return n;
  }
}
