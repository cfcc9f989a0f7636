import { withAppLock } from "../../src/core/app-lock.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { redact } from "./archive-source.ts";
import { splitArgs } from "./commands-source.ts";
import { branchHead, deployBranch, ensureRepoAndHook, git, gitEnv, pointHead, repoDir, tryGit } from "./repo.ts";
import { GIT, GitProps } from "./schema.ts";

/**
 * `git:sync [--build|--build-if-changes] [--skip-deploy-branch] APP REMOTE [REF]` (reference 5.5).
 * Everything is a fetch into the app's bare repository: a branch REF is fetched straight into
 * the deploy branch (and becomes the deploy branch on first sync), a tag or sha is resolved
 * after fetching the remote's branches and tags.
 */
export const gitSync = defineCommand({
  name: "git:sync",
  description: "Clone or fetch an app from remote git repo",
  usage: "[--build|--build-if-changes] [--skip-deploy-branch] <app> <repository> [<git-ref>]",
  async run(ctx, _args, raw) {
    const { flags, positionals } = splitArgs(raw, [], ["build", "build-if-changes", "skip-deploy-branch"]);
    const [name, remote, ref] = positionals;
    const app = await ctx.apps.verify(name);
    if (!remote) throw new UserError("Missing GIT_REMOTE parameter");
    if (remote.startsWith("-") || ref?.startsWith("-")) throw new UserError("Invalid git remote or ref");
    // The deploy branch moves under the app's lock: a sync must never change the branch under a
    // push that is still building. The build below shares the lock (same DOKKU_PID).
    await withAppLock(ctx, app, "git:sync", "exclusive", async () => {
      await ensureRepoAndHook(ctx, app);
      const before = await branchHead(ctx, app, await deployBranch(ctx, app));
      await syncRepo(ctx, app, remote, ref, { firstSync: before === undefined, skipDeployBranch: flags.has("skip-deploy-branch") });
      const after = await branchHead(ctx, app, await deployBranch(ctx, app));
      if (!after) throw new UserError(`Nothing was fetched from ${redact(remote)}`);
      const build = flags.has("build") || (flags.has("build-if-changes") && after !== before);
      if (flags.has("build-if-changes") && after === before) ctx.log.step("Skipping build as no changes were detected");
      if (!build) return;
      await ctx.triggers.notify("receive-app", app, after);
      await ctx.triggers.notify("deploy-source-set", app, "git-sync", `${redact(remote)}#${after}`);
    });
  },
});

async function syncRepo(ctx: Ctx, app: string, remote: string, ref: string | undefined, options: { firstSync: boolean; skipDeployBranch: boolean }): Promise<void> {
  const repo = repoDir(ctx, app);
  // Transports that run programs (ext::, fd::) stay off: REMOTE is user input.
  const net = { env: gitEnv(ctx, { GIT_ALLOW_PROTOCOL: "http:https:ssh:git:file" }) };
  let branch = await deployBranch(ctx, app);
  const target = ref || branch;
  ctx.log.step(`${options.firstSync ? "Cloning" : "Fetching"} ${app} from ${redact(remote)}#${target}`);
  const isBranch = (await git(ctx, ["ls-remote", "--heads", "--", remote, `refs/heads/${target}`], net)) !== "";
  if (isBranch) {
    if (ref && options.firstSync && !options.skipDeployBranch && ref !== branch) {
      ctx.log.detail(`Detected branch, setting deploy-branch to ${ref}`);
      await ctx.props.set(GIT, app, GitProps.deployBranch, ref);
      branch = ref;
    }
    await git(ctx, ["--git-dir", repo, "fetch", "-q", "--no-tags", "--update-head-ok", "--", remote, `+refs/heads/${target}:refs/heads/${branch}`], net);
  } else {
    if (!ref) throw new UserError(`The remote has no branch ${target}`);
    await git(ctx, ["--git-dir", repo, "fetch", "-q", "--update-head-ok", "--", remote, "+refs/heads/*:refs/remotes/remote/*", "+refs/tags/*:refs/tags/*"], net);
    const commit = await tryGit(ctx, ["--git-dir", repo, "rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
    if (!commit) throw new UserError(`Unable to find ${ref} in ${redact(remote)}`);
    await git(ctx, ["--git-dir", repo, "update-ref", `refs/heads/${branch}`, commit]);
  }
  await pointHead(ctx, app, branch);
}
