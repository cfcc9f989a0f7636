import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { splitXargs } from "../../src/cli/ssh-command.ts";
import { exportConfig, readConfig } from "../../src/core/config-api.ts";
import type { Ctx } from "../../src/core/context.ts";
import { DokkuError, isNotFound } from "../../src/core/errors.ts";
import { LABELS, appLabels, buildLabels } from "../../src/docker/labels.ts";
import { COPY_SOURCE, PRE_BUILD } from "./dockerfiles.ts";
import { cacheVolume } from "./schema.ts";

/** What every step of one herokuish build needs to know. */
export interface BuildPlan {
  app: string;
  workdir: string;
  /** The builder image (`DOKKU_IMAGE`, a stack, or a `builder-dokku-image` override). */
  baseImage: string;
  /** Scratch tag the build works on, so `dokku/APP:latest` changes only when the build succeeds. */
  workImage: string;
  appUser: string;
  config: Map<string, string>;
}

/** A scratch directory under the system temp dir, removed by `await using`. */
export async function scratchDir(ctx: Ctx, purpose: string): Promise<AsyncDisposable & { path: string }> {
  const path = await mkdtemp(join(tmpdir(), `dokku-${ctx.env.vars.DOKKU_PID ?? process.pid}-${purpose}.`));
  return { path, [Symbol.asyncDispose]: () => rm(path, { recursive: true, force: true }) };
}

/** Source -> `/app` in a new image over the builder image (Dokku's copy-source.Dockerfile step). */
export async function copySource(ctx: Ctx, plan: BuildPlan): Promise<void> {
  // dokku-compat: Dokku deletes .dockerignore so every file of the push reaches /app.
  await rm(join(plan.workdir, ".dockerignore"), { force: true });
  await using scratch = await scratchDir(ctx, "copy-source");
  const dockerfile = join(scratch.path, "copy-source.Dockerfile");
  await writeFile(dockerfile, COPY_SOURCE);
  await (await ctx.docker()).buildImage({
    context: plan.workdir,
    dockerfile,
    labels: buildLabels(plan.app, "herokuish"),
    buildArgs: { APP_IMAGE: plan.baseImage, DOKKU_APP_USER: plan.appUser, TRACE: ctx.flags.trace ? "true" : "" },
    tags: [plan.workImage],
  }, { failure: "Failure extracting app code" });
}

// dokku-compat: herokuish's pre-build gives buildpacks' curl downloads generous global timeouts once.
const CURL_DEFAULTS = { CURL_CONNECT_TIMEOUT: "90", CURL_TIMEOUT: "600" } as const;

/** Sets the global CURL_* timeouts when unset, as Dokku's pre-build does; returns whether it set any. */
export async function ensureCurlTimeouts(ctx: Ctx, app: string): Promise<boolean> {
  const global = await readConfig(ctx, app, "global");
  const missing = Object.entries(CURL_DEFAULTS).filter(([key]) => !global.has(key));
  if (missing.length === 0) return false;
  await ctx.triggers.notify("config-set", "--global", "--no-restart", ...missing.map(([k, v]) => `${k}=${v}`));
  return true;
}

/** BUILD_ENV: merged config as `/tmp/env/KEY` files and appended to the app's `.env`. */
export async function injectBuildEnv(ctx: Ctx, plan: BuildPlan): Promise<void> {
  ctx.log.step("Adding BUILD_ENV to build environment...");
  await using scratch = await scratchDir(ctx, "pre-build");
  await mkdir(join(scratch.path, ".env.d"));
  for (const [key, value] of plan.config) await writeFile(join(scratch.path, ".env.d", key), value);
  const committed = await readFile(join(plan.workdir, ".env"), "utf8").catch((error: unknown) => {
    if (isNotFound(error)) return "";
    throw error;
  });
  const envfile = await exportConfig(ctx, plan.app, "merged", "envfile");
  await writeFile(join(scratch.path, ".env"), `${committed.replace(/\n+$/, "")}\n${envfile}`);
  await writeFile(join(scratch.path, "pre-build.Dockerfile"), PRE_BUILD);
  await (await ctx.docker()).buildImage({
    context: scratch.path,
    dockerfile: join(scratch.path, "pre-build.Dockerfile"),
    labels: buildLabels(plan.app, "herokuish"),
    buildArgs: { APP_IMAGE: plan.workImage, DOKKU_APP_USER: plan.appUser },
    tags: [plan.workImage],
  }, { failure: "Failure injecting BUILD_ENV into build environment" });
  ctx.log.detail("BUILD_ENV added successfully");
}

/** The cache volume, labelled as Dokku labels it; an unlabelled or foreign volume of that name is replaced. */
export async function ensureCacheVolume(ctx: Ctx, app: string): Promise<string> {
  const docker = await ctx.docker();
  const name = cacheVolume(app);
  const labels = appLabels(app, { [LABELS.builder]: "herokuish" });
  const existing = await docker.inspectVolume(name);
  if (existing && existing.labels[LABELS.app] === app && existing.labels[LABELS.builder] === "herokuish") return name;
  if (existing) await docker.removeVolume(name, { force: true });
  await docker.createVolume(name, labels);
  return name;
}

/** Extra `docker container create` flags from docker-options and other plugins, split like xargs. */
export async function buildArgs(ctx: Ctx, app: string): Promise<string[]> {
  let text = await ctx.triggers.query("docker-args-build", app, "herokuish");
  if (ctx.flags.trace) text += " --env=TRACE=true --env=BUILDPACK_XTRACE=1";
  text += ` ${await ctx.triggers.query("docker-args-process-build", app, "herokuish")}`;
  return splitXargs(text);
}

/**
 * Runs `/build` in a container of the work image with the cache mounted, streaming its output
 * line by line as herokuish prints it, and returns the container id once it exited 0. The
 * container is created through the CLI because docker-options arrive as docker CLI flags.
 */
export async function runBuild(ctx: Ctx, plan: BuildPlan): Promise<string> {
  const volume = await ensureCacheVolume(ctx, plan.app);
  const extra = await buildArgs(ctx, plan.app);
  const docker = await ctx.docker();
  const id = await docker.createContainer({
    image: plan.workImage,
    command: ["/build"],
    labels: buildLabels(plan.app, "herokuish"),
    args: ["-v", `${volume}:/cache`, "--env=CACHE_PATH=/cache", ...extra],
  }, { failure: "Failure during app build" });
  await ctx.triggers.notify("post-container-create", "app", id, plan.app, "build");
  const tail: string[] = [];
  try {
    await docker.startContainer(id);
    await docker.containerLogs(id, { follow: true }, (line, stream) => {
      tail.push(line);
      if (tail.length > 10) tail.shift();
      ctx.io[stream].write(`${line}\n`);
    });
    const code = await docker.waitContainer(id);
    if (code !== 0) {
      const last = tail.filter((l) => l.trim() !== "").slice(-5).map((l) => `  ${l}`).join("\n");
      throw new DokkuError(`Failure during app build: /build exited with code ${code ?? "unknown (container gone)"}${last ? `\n${last}` : ""}`);
    }
    return id;
  } catch (error) {
    await docker.removeContainer(id, { force: true });
    throw error;
  }
}
