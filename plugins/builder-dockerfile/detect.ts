import { readFile, realpath, rename, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { readConfig } from "../../src/core/config-api.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError, isNotFound } from "../../src/core/errors.ts";
import { exists } from "../../src/core/fs-exists.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import { BUILDER_DOCKERFILE, DEFAULT_DOCKERFILE, DockerfileProps } from "./schema.ts";

/** The app's `dockerfile-path`, else the global one, else `Dockerfile`. */
export async function computedDockerfilePath(ctx: Ctx, app: string): Promise<string> {
  return ctx.props.computed(BUILDER_DOCKERFILE, app, DockerfileProps.dockerfilePath, DEFAULT_DOCKERFILE);
}

/** Rejects paths that cannot name a file inside the source tree (absolute, or climbing out with `..`). */
export function assertInsideSource(path: string): void {
  const normal = relative(".", join(".", path));
  if (isAbsolute(path) || normal === "" || normal === ".." || normal.startsWith(`..${sep}`)) {
    throw new UserError(`Invalid dockerfile-path specified: ${path} (it must be a file inside the app's source tree)`);
  }
}

/**
 * `core-post-extract APP WORKDIR REV`: a custom `dockerfile-path` is moved to `WORKDIR/Dockerfile`
 * before detection; a path outside the source tree (also through a symlink) or a missing file fails.
 */
export const onCorePostExtract: TriggerHandler<"core-post-extract"> = async (ctx, [app, workdir]) => {
  if (!app || !workdir) return;
  const path = await computedDockerfilePath(ctx, app);
  if (path === DEFAULT_DOCKERFILE) return;
  assertInsideSource(path);
  const root = await realpath(workdir);
  const source = resolve(root, path);
  let real: string;
  try {
    real = await realpath(source);
    if (!(await stat(real)).isFile()) throw new UserError(`Invalid dockerfile-path specified: ${path}`);
  } catch (error) {
    if (isNotFound(error)) throw new UserError(`Invalid dockerfile-path specified: ${path}`);
    throw error;
  }
  if (relative(root, real).startsWith("..") || isAbsolute(relative(root, real))) {
    throw new UserError(`Invalid dockerfile-path specified: ${path} (it resolves outside the app's source tree)`);
  }
  await rename(source, join(root, DEFAULT_DOCKERFILE));
};

/**
 * `builder-detect APP WORKDIR` (reference 6.1): `dockerfile` when a Dockerfile exists and
 * neither herokuish (`.buildpacks`, BUILDPACK_URL) nor pack (`project.toml`) would claim the app:
 * a Dockerfile has the lowest precedence, although this plugin's answer comes first.
 */
export const onBuilderDetect: TriggerHandler<"builder-detect"> = async (ctx, [app, workdir]) => {
  if (!app || !workdir) return;
  if (!(await exists(join(workdir, DEFAULT_DOCKERFILE), "file"))) return;
  if (await exists(join(workdir, ".buildpacks"), "file")) return;
  if (await exists(join(workdir, "project.toml"), "file")) return;
  const dotenv = await readFile(join(workdir, ".env"), "utf8").catch((e: unknown) => (isNotFound(e) ? "" : Promise.reject(e)));
  if (/^\s*(export\s+)?BUILDPACK_URL=/m.test(dotenv)) return;
  if ((await readConfig(ctx, app, "app")).get("BUILDPACK_URL")) return;
  return "dockerfile\n";
};
