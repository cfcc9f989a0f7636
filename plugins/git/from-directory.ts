import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { withAppLock } from "../../src/core/app-lock.ts";
import { makeWorkDir } from "./extract.ts";
import { receiveApp } from "./receive.ts";
import { branchHead, deployBranch, ensureRepoAndHook, git, gitEnv, ownRepo, repoDir } from "./repo.ts";
import { DEFAULT_GIT_EMAIL, DEFAULT_GIT_USER } from "./schema.ts";

/**
 * `git-from-directory APP DIR [USER] [EMAIL]` (reference 5.5): commits DIR's files as the new
 * state of the deploy branch and builds it. DIR is used as the work tree of a scratch git
 * directory, so nothing is copied and files deleted since the last commit are deleted in the
 * new one. No change: warnings and undefined. A failed build rolls the branch back.
 */
export async function gitFromDirectory(
  ctx: Ctx,
  app: string,
  dir: string,
  user = DEFAULT_GIT_USER,
  email = DEFAULT_GIT_EMAIL,
  source = "git:from-archive",
): Promise<string | undefined> {
  if ((await readdir(dir)).length === 0) throw new UserError("The source contains no files: nothing to deploy");
  // The lock covers the commit too, so two uploads cannot race on the branch (the build runner shares it).
  return withAppLock(ctx, app, "git-from-directory", "exclusive", async () => {
    await ensureRepoAndHook(ctx, app);
    const branch = await deployBranch(ctx, app);
    const previous = await branchHead(ctx, app, branch);
    const commit = await commitDirectory(ctx, app, dir, branch, previous, { user: user || DEFAULT_GIT_USER, email: email || DEFAULT_GIT_EMAIL });
    if (!commit) return undefined;
    try {
      await receiveApp(ctx, app, commit, source);
    } catch (error) {
      const repo = repoDir(ctx, app);
      if (previous) await git(ctx, ["--git-dir", repo, "update-ref", `refs/heads/${branch}`, previous, commit]);
      else await git(ctx, ["--git-dir", repo, "update-ref", "-d", `refs/heads/${branch}`]);
      await ownRepo(ctx, app);
      throw error;
    }
    return commit;
  });
}

async function commitDirectory(ctx: Ctx, app: string, dir: string, branch: string, previous: string | undefined, author: { user: string; email: string }): Promise<string | undefined> {
  await using scratch = await makeWorkDir(ctx, "git-from-directory");
  const gitDir = join(scratch.path, "repo.git");
  const env = gitEnv(ctx, { GIT_DIR: gitDir, GIT_WORK_TREE: dir });
  const run = (args: string[]) => git(ctx, args, { env, cwd: dir });
  await git(ctx, ["init", "-q", "--bare", gitDir]);
  await run(["symbolic-ref", "HEAD", `refs/heads/${branch}`]);
  if (previous) {
    await run(["fetch", "-q", "--no-tags", repoDir(ctx, app), `+refs/heads/${branch}:refs/heads/${branch}`]);
    await run(["read-tree", "HEAD"]); // the index starts as the last commit, so `add --all` records deletions
  }
  // dokku-compat: --force: an archive's .gitignore must not drop the files it ships (Dokku's `add --all` does).
  await run(["add", "--all", "--force", "--", "."]);
  if (previous && (await ctx.exec(["git", "diff-index", "--quiet", "--cached", "HEAD", "--"], { env, cwd: dir, check: false })).code === 0) {
    ctx.log.warn("No changes detected, skipping git commit");
    ctx.log.warn("Call 'ps:rebuild' on app to rebuild the app from existing source");
    return undefined; // dokku-compat: the docs promise exit 0 when nothing changed
  }
  const message = previous ? `Automated commit @ ${Math.floor(Date.now() / 1000)}` : "Initial commit";
  await run(["-c", `user.name=${author.user}`, "-c", `user.email=${author.email}`, "commit", "-q", "--no-verify", "-m", message]);
  const commit = await run(["rev-parse", "HEAD"]);
  await git(ctx, ["--git-dir", repoDir(ctx, app), "fetch", "-q", "--no-tags", gitDir, `+refs/heads/${branch}:refs/heads/${branch}`]);
  await ownRepo(ctx, app);
  await rm(gitDir, { recursive: true, force: true });
  return commit;
}
