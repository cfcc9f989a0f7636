// What a swarm deploy of `dokku/APP:TAG` runs, asked of the other plugins through their triggers
// (formation, start command, web port, docker options, app.json, registry), as docker-local asks.
import { splitXargs } from "../../src/cli/ssh-command.ts";
import type { Ctx } from "../../src/core/context.ts";
import { DokkuError, UserError } from "../../src/core/errors.ts";
import type { DockerEngine, ImageInfo } from "../../src/docker/engine.ts";
import { LABELS } from "../../src/docker/labels.ts";
import { setting } from "./commands.ts";
import { type MappedOptions, mapDockerOptions } from "./docker-options.ts";
import { WEB } from "./schema.ts";
import type { ServiceSettings } from "./service-spec.ts";
import { parseConstraints } from "./values.ts";


/** The image every node runs (reference 10.6): the registry copy when a server is set, else the local image. */
export async function releaseImage(ctx: Ctx, docker: DockerEngine, app: string, tag: string, info: ImageInfo): Promise<string> {
  const local = `dokku/${app}:${tag}`;
  const server = (await ctx.triggers.query("deployed-app-repository", app)).trim();
  if (!server) {
    const nodes = (await docker.listSwarmNodes()).length;
    if (nodes > 1) {
      throw new UserError(`The swarm has ${nodes} nodes and ${app} has no registry to ship its image to them: set one with 'dokku registry:set ${app} server HOST[:PORT]' (and push-on-release true)`);
    }
    return local;
  }
  const repo = (await ctx.triggers.query("deployed-app-image-repo", app)).trim() || `dokku/${app}`;
  const pushed = (await ctx.triggers.query("deployed-app-image-tag", app)).trim();
  if (pushed) {
    const ref = `${server}${repo}:${pushed}`;
    if ((await docker.inspectImage(ref))?.id === info.id) return ref;
  }
  // Not pushed by push-on-release (off, or a restart or rollback of an older release): push it now.
  const ref = `${server}${repo}:${tag}`;
  if ((await docker.tagImage(local, ref)) === "absent") throw new DokkuError(`Unable to tag image ${local} as ${ref}: the image does not exist`);
  ctx.log.step(`Pushing ${ref}`);
  await docker.pushImage(ref, { failure: `Unable to push image ${ref}` });
  return ref;
}

/** herokuish, dockerfile, pack...: the image's builder label, else what the build recorded. */
export async function sourceTypeOf(ctx: Ctx, app: string, info: ImageInfo): Promise<string> {
  return info.labels[LABELS.builder] || (await ctx.triggers.query("builder-get-property", app, "detected")).trim() || "dockerfile";
}

async function psProperty(ctx: Ctx, app: string, key: string): Promise<string> {
  if (!(await ctx.triggers.exists("ps-get-property"))) return "";
  return (await ctx.triggers.query("ps-get-property", app, key)).trim();
}

async function hasProcfile(ctx: Ctx, app: string): Promise<boolean> {
  if (!(await ctx.triggers.exists("procfile-exists"))) return false;
  return ctx.triggers.query("procfile-exists", app).then(() => true, (error: unknown) => {
    if (error instanceof DokkuError && !(error instanceof UserError)) return false;
    throw error;
  });
}

/** The Procfile command of TYPE ("" when the Procfile lacks it); undefined without a Procfile. */
export async function procfileCommand(ctx: Ctx, app: string, type: string, port?: number): Promise<string | undefined> {
  if (!(await hasProcfile(ctx, app))) return undefined;
  return (await ctx.triggers.query("procfile-get-command", app, type, String(port ?? ""))).trim();
}

/** The task command, as docker-local chooses a container's (reference 7.3); undefined: the image's CMD. */
export async function startCommand(ctx: Ctx, app: string, sourceType: string, type: string, port: number | undefined): Promise<string[] | undefined> {
  const startCmd = await psProperty(ctx, app, "start-cmd");
  if (startCmd) return splitXargs(startCmd);
  if (sourceType === "herokuish") return ["/start", type];
  const dockerfileCmd = await psProperty(ctx, app, "dockerfile-start-cmd");
  if (dockerfileCmd) return splitXargs(dockerfileCmd);
  const command = await procfileCommand(ctx, app, type, port);
  return command ? splitXargs(command) : undefined;
}

/** `docker-args-deploy` and `docker-args-process-deploy` fragments of TYPE, mapped onto the service. */
export async function serviceOptions(ctx: Ctx, app: string, tag: string, sourceType: string, type: string): Promise<MappedOptions> {
  const deployArgs = splitXargs(await ctx.triggers.query("docker-args-deploy", app, tag, type, "1"));
  const processArgs = splitXargs(await ctx.triggers.query("docker-args-process-deploy", app, sourceType, tag, type, "1"));
  return mapDockerOptions([...deployArgs, ...processArgs]);
}

/** The deployed app.json (`{}` when none). */
export async function appJson(ctx: Ctx, app: string): Promise<unknown> {
  const text = (await ctx.triggers.query("app-json-get-content", app)).trim();
  try {
    return JSON.parse(text || "{}");
  } catch {
    throw new UserError("Invalid app.json file: not valid JSON");
  }
}

/** The scheduler-swarm settings of the app (app, else global, else default). */
export async function serviceSettings(ctx: Ctx, app: string): Promise<ServiceSettings> {
  return {
    order: (await setting(ctx, app, "update-order")) as ServiceSettings["order"],
    parallelism: Number(await setting(ctx, app, "update-parallelism")),
    failureAction: (await setting(ctx, app, "update-failure-action")) as ServiceSettings["failureAction"],
    constraints: parseConstraints(await setting(ctx, app, "placement-constraints")),
    maxReplicasPerNode: Number(await setting(ctx, app, "max-replicas-per-node")),
  };
}
