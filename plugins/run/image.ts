import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import type { DockerEngine, ImageInfo } from "../../src/docker/engine.ts";
import { LABELS } from "../../src/docker/labels.ts";

/**
 * The image the app's containers run: what the registry triggers name (`deployed-app-image-repo`
 * /`-tag`), else `dokku/APP:release-N` of the current release (`releases-current`), else
 * `dokku/APP:latest` (no release recorded yet).
 * dokku-compat: Dokku runs `latest`; a build whose deploy failed, or a rollback, moves `latest`
 * away from what runs, and a one-off container runs what the app's containers run.
 */
export async function appImage(ctx: Ctx, app: string): Promise<{ ref: string; tag: string }> {
  const repo = (await ctx.triggers.query("deployed-app-image-repo", app)).trim();
  const given = (await ctx.triggers.query("deployed-app-image-tag", app)).trim();
  const tag = repo || given ? given || "latest" : (await ctx.triggers.query("releases-current", app)).trim() || "latest";
  // A pushed tag (push-on-release) names the registry copy: `SERVER/REPO:N`, as Dokku's deploying image name.
  const server = given ? (await ctx.triggers.query("deployed-app-repository", app)).trim() : "";
  return { ref: `${server}${repo || `dokku/${app}`}:${tag}`, tag };
}

/**
 * The app's image when it is a release (label `com.dokku.image-stage=release`): a one-off
 * container runs what a deploy would run, never a half-built image.
 */
export async function releasedImage(docker: DockerEngine, app: string, ref: string): Promise<ImageInfo> {
  const info = await docker.inspectImage(ref);
  if (!info) throw new UserError(`App ${app} has not been deployed: image ${ref} does not exist`);
  const stage = info.labels[LABELS.imageStage] ?? "";
  // dokku-compat: Dokku's wording.
  if (stage !== "release") throw new UserError(`Invalid image stage detected: expected 'release', got '${stage}'`);
  return info;
}

/**
 * How the image was built (reference 6.2): its `com.dokku.builder-type` label, else herokuish
 * when it runs as the herokuish user, else dockerfile. Passed to `docker-args-process-run`.
 */
export function imageSourceType(info: ImageInfo, appUser = "herokuishuser"): string {
  const label = info.labels[LABELS.builder];
  if (label) return label;
  return info.env.includes(`USER=${appUser}`) ? "herokuish" : "dockerfile";
}

/**
 * The shell for `run`/`enter` without a command: the `scheduler shell` property (app, else
 * global), else the app's DOKKU_APP_SHELL config, else /bin/bash.
 * dokku-compat: the property is read from the scheduler plugin's files (Dokku's property layout);
 * no trigger exposes it.
 */
export async function appShell(ctx: Ctx, app: string, config: ReadonlyMap<string, string>, fallback: string): Promise<string> {
  return (await ctx.props.computed("scheduler", app, "shell", "")) || config.get("DOKKU_APP_SHELL") || fallback;
}
