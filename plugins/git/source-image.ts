import { cp, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { UserError, errorMessage } from "../../src/core/errors.ts";
import type { DockerEngine } from "../../src/docker/engine.ts";
import { makeWorkDir } from "./extract.ts";
import { gitFromDirectory } from "./from-directory.ts";
import { GIT, GitProps } from "./schema.ts";

/** A docker image reference; it is written into a Dockerfile, so nothing else gets through. */
const IMAGE_REF = /^[A-Za-z0-9][A-Za-z0-9._\/:@+-]{0,254}$/;

export function parseImageRef(image: string | undefined): string {
  if (!image) throw new UserError("Please specify a docker image");
  if (!IMAGE_REF.test(image)) throw new UserError(`Invalid docker image reference: ${image}`);
  return image;
}

/** The engine, or a clear error when no daemon answers. */
export async function requireDocker(ctx: Ctx): Promise<DockerEngine> {
  try {
    const engine = await ctx.docker();
    await engine.ping();
    return engine;
  } catch (error) {
    const reason = errorMessage(error).split("\n")[0] ?? "";
    throw new UserError(reason.startsWith("Docker is not available") ? reason : `Docker is not available: ${reason}`);
  }
}

export interface ImageSourceOptions {
  buildDir?: string;
  user?: string;
  email?: string;
  /** The build record's source (git:from-image unless said otherwise). */
  source?: string;
}

/**
 * `git:from-image` and the second half of `git:load-image` (reference 5.5): the build context is
 * the optional `--build-dir` plus a Dockerfile `FROM <image>`, committed like any other source.
 */
export async function deployFromImage(ctx: Ctx, app: string, image: string, options: ImageSourceOptions): Promise<void> {
  await using work = await makeWorkDir(ctx, "git-from-image");
  if (options.buildDir) {
    try {
      await cp(options.buildDir, work.path, { recursive: true, verbatimSymlinks: true });
    } catch (error) {
      throw new UserError(`Unable to copy build directory ${options.buildDir}: ${errorMessage(error)}`);
    }
  }
  const dockerfile = `FROM ${image}\nLABEL com.dokku.docker-image-labeler/alternate-tags=${JSON.stringify(JSON.stringify([image]))}\n`;
  await writeFile(join(work.path, "Dockerfile"), dockerfile);
  await ctx.props.set(GIT, app, GitProps.sourceImage, image);
  if ((await gitFromDirectory(ctx, app, work.path, options.user, options.email, options.source ?? "git:from-image")) === undefined) return;
  await ctx.triggers.notify("deploy-source-set", app, "docker-image", image);
}

/** `git:from-image`: pull the image when it is missing locally (always with --force), then deploy it. */
export async function gitFromImage(ctx: Ctx, app: string, image: string, force: boolean, options: ImageSourceOptions): Promise<void> {
  const docker = await requireDocker(ctx);
  if (force || !(await docker.inspectImage(image))) {
    ctx.log.step(`Pulling image ${image}`);
    await docker.pullImage(image, { failure: `Unable to pull image ${image}`, echo: ctx.io });
  }
  await deployFromImage(ctx, app, image, options);
}

/** `git:load-image`: `docker image load` from stdin, then deploy the named image. */
export async function gitLoadImage(ctx: Ctx, app: string, image: string, options: ImageSourceOptions): Promise<void> {
  if (process.stdin.isTTY) throw new UserError("Expected a docker image tarball on stdin");
  const docker = await requireDocker(ctx);
  await docker.loadImage({ failure: "Unable to load the image from stdin", echo: ctx.io });
  if (!(await docker.inspectImage(image))) throw new UserError(`Image ${image} not found after loading the tarball`);
  await deployFromImage(ctx, app, image, { ...options, source: "git:load-image" });
}
