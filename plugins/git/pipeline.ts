import type { Ctx } from "../../src/core/context.ts";
import { contextIn } from "../../src/core/create-context.ts";
import { DokkuError, errorMessage } from "../../src/core/errors.ts";

/** Builder used when no `builder-detect` implementation answers (reference 6.1 step 5). */
const DEFAULT_BUILDER = "herokuish";

/**
 * `git_trigger_build` + `dokku_receive` (reference 3.5 steps 4-7): the extracted source goes
 * through the extract hooks, builder detection and the build, then `release-and-deploy`.
 * Trigger executables run in the work directory, as under Dokku's `pushd`, because community
 * plugins read files relative to it: the directory travels in the context, not in process.chdir.
 */
export async function triggerBuild(parent: Ctx, app: string, workdir: string, rev: string): Promise<void> {
  const ctx = contextIn(parent, workdir);
  await ctx.triggers.notify("core-post-extract", app, workdir, rev);
  await ctx.triggers.notify("post-extract", app, workdir, rev);
  const builder = firstLine(await ctx.triggers.query("builder-detect", app, workdir)) || DEFAULT_BUILDER;
  await ctx.triggers.notify("pre-receive-app", app, builder, workdir, rev);
  await ctx.triggers.notify("builder-set-property", app, "detected", builder);
  try {
    await ctx.triggers.notify("builder-build", builder, app, workdir);
  } catch (error) {
    // dokku-compat: Dokku's wording after a failed build; the cause is shown first.
    if (error instanceof DokkuError && error.message) ctx.log.error(error.message);
    else if (!(error instanceof DokkuError)) ctx.log.error(errorMessage(error));
    throw new DokkuError("App build failed", { exitCode: error instanceof DokkuError ? error.exitCode : 1, cause: error });
  }
  await ctx.triggers.notify("release-and-deploy", app);
}

function firstLine(text: string): string {
  return (text.split("\n").find((line) => line.trim() !== "") ?? "").trim();
}
