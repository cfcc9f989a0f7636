import { basename, join } from "node:path";
import { lockApp } from "../../src/core/app-lock.ts";
import type { Ctx } from "../../src/core/context.ts";
import { SilentExit, UserError } from "../../src/core/errors.ts";
import type { RefUpdate } from "./branch.ts";
import { newBuildId, runAttached, startDetached } from "./build-spawn.ts";
import { resolveCommit } from "./extract.ts";
import { isObjectId } from "./names.ts";
import { migrateQuarantine } from "./quarantine.ts";
import { branchHead, deployBranch, hasRepo, repoDir } from "./repo.ts";

/**
 * `git_receive_app APP [REV]` (reference 5.4) for everything but a push: git:sync --build,
 * git:from-archive and friends, ps:rebuild (no REV: the deploy branch's head). The build runs in
 * a `git-build-runner` child whose output is shown here and kept as the build's log; it ends with
 * this command. `source` names the build in its record.
 */
export async function receiveApp(ctx: Ctx, app: string, rev: string | undefined, source: string): Promise<void> {
  if (!(await hasRepo(ctx, app))) return;
  let commit: string;
  if (rev) {
    commit = await resolveCommit(ctx, app, rev);
  } else {
    const branch = await deployBranch(ctx, app);
    const head = await branchHead(ctx, app, branch);
    // dokku-compat: Dokku's warning, raised as the error that fails the command.
    if (!head) throw new UserError(`Cannot build from '${branch}' as there are no commits stored at that branch.`);
    commit = head;
  }
  const code = await runAttached(ctx, { app, id: await newBuildId(ctx), rev: commit, source, setRevEnv: Boolean(rev) });
  if (code !== 0) throw new SilentExit(code); // the runner has said why
}

/**
 * The pre-receive hook's build (reference 5.3-5.4), made to outlive the push (DESIGN 3.9): a
 * second push is refused at once while one builds; the pushed objects are moved out of the
 * quarantine (see quarantine.ts); a detached `git-build-runner` builds, deploys, records and
 * logs; this process only relays the log to the pusher and exits with the build's status, which
 * is what lets git update the ref. If the pusher goes away, the build goes on and the runner
 * updates the ref itself (settle-ref.ts).
 */
export async function receivePush(ctx: Ctx, app: string, update: RefUpdate): Promise<void> {
  if (!(await hasRepo(ctx, app))) return;
  if (!isObjectId(update.newrev) || !isObjectId(update.oldrev)) throw new UserError(`Invalid ref update: ${update.oldrev} ${update.newrev}`);
  // The runner takes the lock for the build; this only refuses early, before anything is copied.
  await (await lockApp(ctx, app, "git-hook", "exclusive")).release();
  const quarantine = ctx.env.vars.GIT_QUARANTINE_PATH;
  if (quarantine) await migrateQuarantine(quarantine, join(repoDir(ctx, app), "objects"));
  const id = await newBuildId(ctx);
  // Only receive-pack (our parent: the hook script execs us) updates the ref after we exit 0.
  const push = quarantine ? { refname: update.refname, oldrev: update.oldrev, receivePid: process.ppid, quarantine: basename(quarantine) } : undefined;
  const pid = await startDetached(ctx, { app, id, rev: update.newrev, source: "git-hook", setRevEnv: true, deploySource: "git-push", push });
  await ctx.triggers.notify("builds-follow", app, id, ...(pid ? [String(pid)] : []));
}
