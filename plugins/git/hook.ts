import type { Ctx } from "../../src/core/context.ts";
import { type BranchState, nextState, parseRefUpdates, planRefUpdate, type RefAction, type RefUpdate } from "./branch.ts";
import { receivePush } from "./receive.ts";
import { deployBranch, deployBranchConfigured, isValidBranch, pointHead } from "./repo.ts";
import { GIT, GitProps } from "./schema.ts";

// dokku-compat: Dokku starts these lines with ESC[1G ESC[K so they overwrite git's "remote: " prefix.
const CLEAR = "\u001b[1G\u001b[K";

/**
 * `git-hook APP` (reference 5.3), run by the pre-receive hook with `<old> <new> <ref>` lines on
 * stdin. A failed deploy throws, the hook exits non-zero and git rejects the push.
 */
export async function runGitHook(ctx: Ctx, app: string, input: string): Promise<void> {
  const branch = await deployBranch(ctx, app);
  if (!(await isValidBranch(ctx, branch))) {
    ctx.log.data(`${CLEAR}-----> WARNING: Invalid branch name '${branch}' specified via DOKKU_DEPLOY_BRANCH.`);
    ctx.log.data(`${CLEAR}-----> For more details, please see the man page for 'git-check-ref-format.'`);
    return;
  }
  let state: BranchState = {
    deployBranch: branch,
    explicit: await deployBranchConfigured(ctx, app),
    receiveBranchHook: await ctx.triggers.exists("receive-branch"),
  };
  for (const update of parseRefUpdates(input)) {
    const action = planRefUpdate(update, state);
    await perform(ctx, app, action, update);
    state = nextState(state, action);
  }
}

async function perform(ctx: Ctx, app: string, action: RefAction, update: RefUpdate): Promise<void> {
  switch (action.kind) {
    case "set-branch-and-deploy":
      ctx.log.step(`Set ${action.branch} as deploy-branch`);
      await ctx.props.set(GIT, app, GitProps.deployBranch, action.branch);
      await pointHead(ctx, app, action.branch);
      await receivePush(ctx, app, update);
      return;
    case "deploy":
      // The build runner also records the deploy source (git-push) once the build succeeded.
      await receivePush(ctx, app, update);
      return;
    case "receive-branch":
      await ctx.triggers.notify("receive-branch", app, action.rev, action.refname);
      await ctx.triggers.notify("deploy-source-set", app, "git-push", action.rev);
      return;
    case "wrong-branch":
      ctx.log.data(`${CLEAR}-----> WARNING: deploy did not complete, you must push to ${action.deployBranch}.`);
      ctx.log.data(`${CLEAR}-----> for example, try 'git push <dokku> ${action.pushed}:${action.deployBranch}'`);
      return;
    case "ignore-delete":
      return;
  }
}
