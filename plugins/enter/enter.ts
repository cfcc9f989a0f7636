import { readConfig } from "../../src/core/config-api.ts";
import { SilentExit, UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import type { DockerEngine } from "../../src/docker/engine.ts";
import { LABELS, ownedBy } from "../../src/docker/labels.ts";
import { appShell, isHerokuish, wantsTty, whenDockerLocal } from "./session.ts";
import { parseEnterArgs, selectContainer } from "./target.ts";

export const enter = defineCommand({
  name: "enter",
  description: "Connect to a specific app container",
  usage: "<app> [<process-type>|<process-type>.<n>|--container-id <id>] [<cmd>...]",
  args: {
    app: { type: "positional", description: "App name", required: false },
    "container-id": { type: "string", description: "Enter this container of the app", valueHint: "ID" },
  },
  verbatimArgs: true,
  trailingCommand: true,
  async run(ctx, _args, raw) {
    const [name, ...rest] = raw;
    const app = await ctx.apps.verify(name);
    const scheduler = (await ctx.triggers.query("scheduler-detect", app)).trim() || "docker-local";
    await ctx.triggers.notify("scheduler-enter", scheduler, app, ...rest);
  },
});

/**
 * `scheduler-enter docker-local APP [TARGET] [COMMAND...]`: `docker container exec` into a running
 * process container of the app (interactive with a TTY when we have a terminal), herokuish images
 * through `/exec`, the app's shell when no command is given; our exit code is the command's.
 */
export const onSchedulerEnter = whenDockerLocal<"scheduler-enter">(async (ctx, [, app = "", ...words]) => {
  const { target, command } = parseEnterArgs(words);
  const docker = await ctx.docker();
  const id = target.kind === "id" ? target.id : selectContainer(app, await processContainers(docker, app), target).id;
  const container = await runningContainerOf(docker, app, id);
  const config = await readConfig(ctx, app, "merged");
  const argv = command.length > 0 ? command : [await appShell(ctx, app, config)];
  const herokuish = isHerokuish(await docker.inspectImage(container.imageId), config.get("DOKKU_APP_USER") || undefined);
  const tty = wantsTty(ctx);
  const code = await docker.execAttached(container.id, herokuish ? ["/exec", ...argv] : argv, { interactive: tty, tty });
  if (code !== 0) throw new SilentExit(code);
});

/** The app's running process containers (`com.dokku.container-type=deploy`), by label. */
async function processContainers(docker: DockerEngine, app: string) {
  const listed = await docker.listContainers({ labels: { [LABELS.app]: app, "com.dokku.container-type": "deploy" }, all: false });
  return listed.filter((c) => ownedBy(c.labels, app));
}

/** The container, when it exists, is the app's (label) and runs. */
async function runningContainerOf(docker: DockerEngine, app: string, id: string) {
  const info = await docker.inspectContainer(id);
  if (!info || info.labels[LABELS.app] !== app) throw new UserError(`No container ${id} found for ${app}`);
  if (!info.running) throw new UserError(`Container ${id} of ${app} is not running`);
  return info;
}
