import { randomInt } from "node:crypto";
import { splitXargs } from "../../src/cli/ssh-command.ts";
import type { Ctx } from "../../src/core/context.ts";
import type { ContainerCreateSpec, ImageInfo } from "../../src/docker/engine.ts";
import { LABELS, appLabels } from "../../src/docker/labels.ts";
import { dynoName } from "./dynos.ts";
import { WEB } from "./schema.ts";

/** What one deploy runs, worked out once before any container is created. */
export interface ReleasePlan {
  app: string;
  /** The tag deployed: `release-N` (releases plugin) or what the caller gave. */
  tag: string;
  /** `dokku/APP:TAG`. */
  image: string;
  info: ImageInfo;
  /** herokuish, dockerfile, pack...: how the image starts its processes. */
  sourceType: string;
  /** Release number for the `com.dokku.release` label ("" when the tag is not a release tag). */
  release: string;
  /** Merged config, applied when the containers start (never baked into the image). */
  config: ReadonlyMap<string, string>;
  /** The deployed source has a Procfile. */
  procfile: boolean;
  /** Port the web process listens on. */
  webPort: number;
  /** Add docker's init process (`--init`). */
  init: boolean;
  /** Publish the web port on a random host port (network bind-all-interfaces). */
  bindAll: boolean;
}

/**
 * `docker container create` for one dyno, in Dokku's flag order (reference 7.5): config as
 * value-less `--env=KEY` (values reach docker through its environment, never argv), the
 * `docker-args-deploy` fragments (builder user, docker-options, storage), `DYNO`, `--init`, the
 * `docker-args-process-deploy` fragments (restart policy, resources, network, per-process
 * options), then `PORT` for web. Fragments are split with shell-word rules, no shell.
 */
export async function containerSpec(ctx: Ctx, plan: ReleasePlan, type: string, index: number): Promise<ContainerCreateSpec> {
  const { app, tag } = plan;
  const dyno = dynoName({ type, index });
  const deployArgs = splitXargs(await ctx.triggers.query("docker-args-deploy", app, tag, type, String(index)));
  const processArgs = splitXargs(await ctx.triggers.query("docker-args-process-deploy", app, plan.sourceType, tag, type, String(index)));
  const port = type === WEB ? plan.webPort : undefined;
  const args = [
    ...[...plan.config.keys()].map((key) => `--env=${key}`),
    ...deployArgs,
    `--env=DYNO=${dyno}`,
    ...(plan.init ? ["--init"] : []),
    ...processArgs,
    ...(port !== undefined ? [`--env=PORT=${port}`] : []),
    ...(port !== undefined && plan.bindAll ? [`--publish=${port}`] : []),
  ];
  const labels = appLabels(app, {
    [LABELS.processType]: type,
    [LABELS.dyno]: dyno,
    [LABELS.containerIndex]: String(index),
    [LABELS.containerType]: "deploy",
    ...(plan.release ? { [LABELS.release]: plan.release } : {}),
  });
  const command = await startCommand(ctx, plan, type, port);
  return {
    image: plan.image,
    name: `${app}.${dyno}.upcoming-${randomInt(32768)}`,
    labels,
    args,
    env: Object.fromEntries(plan.config),
    ...(command ? { command } : {}),
  };
}

/**
 * The container's command (reference 7.3): `ps start-cmd` when set; herokuish images run
 * `/start TYPE`; other images run `ps dockerfile-start-cmd`, else the Procfile command of the
 * type, else the image's own CMD. dokku-compat: commands are split with shell-word rules (quotes
 * group words) where Dokku splits on blanks only.
 */
async function startCommand(ctx: Ctx, plan: ReleasePlan, type: string, port: number | undefined): Promise<string[] | undefined> {
  const startCmd = await psProperty(ctx, plan.app, "start-cmd");
  if (startCmd) return splitXargs(startCmd);
  if (plan.sourceType === "herokuish") return ["/start", type];
  const dockerfileCmd = await psProperty(ctx, plan.app, "dockerfile-start-cmd");
  if (dockerfileCmd) return splitXargs(dockerfileCmd);
  if (!plan.procfile) return undefined;
  const command = (await ctx.triggers.query("procfile-get-command", plan.app, type, String(port ?? ""))).trim();
  return command ? splitXargs(command) : undefined;
}

async function psProperty(ctx: Ctx, app: string, key: string): Promise<string> {
  if (!(await ctx.triggers.exists("ps-get-property"))) return "";
  return (await ctx.triggers.query("ps-get-property", app, key)).trim();
}
