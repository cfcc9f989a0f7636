import { withAppLock } from "../../src/core/app-lock.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { extractRev, makeWorkDir, resolveCommit } from "./extract.ts";
import { triggerBuild } from "./pipeline.ts";
import { branchHead, deployBranch, hasRepo } from "./repo.ts";
import { DEFAULT_REV_ENV_VAR, GIT, GitProps } from "./schema.ts";

/**
 * `git_receive_app APP [REV]` (reference 5.4): under the app's exclusive deploy lock, records
 * the revision in the app's environment, checks the source out into a temporary directory and
 * runs the build pipeline. Without REV the deploy branch's head is built (ps:rebuild).
 */
export async function receiveApp(ctx: Ctx, app: string, rev?: string): Promise<void> {
  if (!(await hasRepo(ctx, app))) return;
  await withAppLock(ctx, app, "git receive-app", "exclusive", async () => {
    const branch = await deployBranch(ctx, app);
    let commit: string;
    if (rev) {
      commit = await resolveCommit(ctx, app, rev);
      await setRevEnvVar(ctx, app, commit);
    } else {
      const head = await branchHead(ctx, app, branch);
      // dokku-compat: Dokku's warning, raised as the error that fails the command.
      if (!head) throw new UserError(`Cannot build from '${branch}' as there are no commits stored at that branch.`);
      commit = head;
    }
    await buildRev(ctx, app, commit, branch);
  });
}

/** `git_build_app_repo`: temporary checkout, then the pipeline; the directory goes away afterwards. */
async function buildRev(ctx: Ctx, app: string, commit: string, branch: string): Promise<void> {
  await using work = await makeWorkDir(ctx, "git_build_app_repo");
  await ctx.triggers.notify("app-maybe-create", app);
  const keep = (await ctx.props.computed(GIT, app, GitProps.keepGitDir, "false")) === "true";
  await extractRev(ctx, app, commit, work.path, branch, keep);
  await triggerBuild(ctx, app, work.path, commit);
}

/**
 * `config:set --no-restart APP GIT_REV=<sha>`, quietly. The variable name is the `rev-env-var`
 * property: absent means GIT_REV, present but empty disables it.
 */
async function setRevEnvVar(ctx: Ctx, app: string, commit: string): Promise<void> {
  const name = await ctx.props.get(GIT, app, GitProps.revEnvVar);
  const variable = name === undefined ? DEFAULT_REV_ENV_VAR : name.trim();
  if (variable === "") return;
  if (!(await ctx.triggers.exists("config-set"))) {
    ctx.log.trace(`no plugin implements config-set; ${variable} not recorded`);
    return;
  }
  await ctx.triggers.run("config-set", ["--no-restart", app, `${variable}=${commit}`], { stream: false });
}
