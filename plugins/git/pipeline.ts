import type { Ctx } from "../../src/core/context.ts";
import { DokkuError, errorMessage } from "../../src/core/errors.ts";

/** Builder used when no `builder-detect` implementation answers (reference 6.1 step 5). */
const DEFAULT_BUILDER = "herokuish";

/**
 * `git_trigger_build` + `dokku_receive` (reference 3.5 steps 4-7): the extracted source goes
 * through the extract hooks, builder detection and the build, then `release-and-deploy`.
 * Triggers run with the work directory as the current directory, as Dokku's `pushd` does,
 * because community plugins read files relative to it.
 */
export async function triggerBuild(ctx: Ctx, app: string, workdir: string, rev: string): Promise<void> {
  const previous = process.cwd();
  process.chdir(workdir);
  try {
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
  } finally {
    process.chdir(previous);
  }
}

function firstLine(text: string): string {
  return (text.split("\n").find((line) => line.trim() !== "") ?? "").trim();
}
