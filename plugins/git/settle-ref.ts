import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { errorMessage } from "../../src/core/errors.ts";
import { processAlive } from "../../src/core/process.ts";
import type { PushedRef } from "./build-job.ts";
import { git, repoDir, tryGit } from "./repo.ts";
import { ZERO_REV } from "./schema.ts";

/** How long receive-pack may take to update the ref after the hook said yes. */
const SETTLE_TIMEOUT_MS = 60_000;

/**
 * After a pushed build succeeded: make the pushed ref point at what was deployed.
 *
 * Normally git does it: the hook sees the final record, exits 0, and receive-pack moves the ref
 * (its own compare-and-swap from OLD). But a pusher whose connection died took the hook and
 * receive-pack with it, and a dead receive-pack never updates refs; the app would then run a
 * commit its repository does not have on the branch, and the next push would be computed
 * against the wrong base. So the runner (still holding the deploy lock) waits until either the
 * ref moved (git did it) or receive-pack is gone with the ref unmoved, and then runs
 * `git update-ref REF NEW OLD` itself. That is a compare-and-swap too: a ref someone else moved
 * is left alone. It must never race a live receive-pack, whose own update would then fail and
 * report the push as rejected, hence the wait for the process rather than for the hook.
 */
export async function settleRef(ctx: Ctx, app: string, push: PushedRef, rev: string): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  const old = ZERO_REV.test(push.oldrev) ? undefined : push.oldrev;
  for (;;) {
    // Looked at before the ref, so a last-moment update is seen; a zombie receive-pack counts as gone.
    const gone = !processAlive(push.receivePid);
    const current = await readRef(ctx, app, push.refname);
    if (current === rev) return;
    if (current !== old) {
      ctx.log.warn(`${push.refname} moved to ${current ?? "nothing"} during the build; it was left as it is`);
      return;
    }
    if (gone) {
      try {
        await git(ctx, ["--git-dir", repoDir(ctx, app), "update-ref", "-m", "dokku: push connection closed before the build finished", push.refname, rev, push.oldrev]);
        ctx.log.step(`Updated ${push.refname} to ${rev}: the push connection closed before git could`);
      } catch (error) {
        ctx.log.warn(`Could not update ${push.refname} to ${rev}: ${errorMessage(error).split("\n")[0]}`);
      }
      // A dead receive-pack leaves its quarantine behind; the hook already moved its objects out.
      if (push.quarantine) await rm(join(repoDir(ctx, app), "objects", push.quarantine), { recursive: true, force: true });
      return;
    }
    if (Date.now() > deadline) {
      ctx.log.warn(`git did not update ${push.refname} within ${SETTLE_TIMEOUT_MS / 1000}s; it was left as it is`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The ref's object id: the loose file git writes on update, else whatever rev-parse finds (packed refs). */
async function readRef(ctx: Ctx, app: string, refname: string): Promise<string | undefined> {
  try {
    const text = (await readFile(join(repoDir(ctx, app), refname), "utf8")).trim();
    if (text && !text.startsWith("ref:")) return text;
  } catch {
    // not a loose ref
  }
  return tryGit(ctx, ["--git-dir", repoDir(ctx, app), "rev-parse", "--verify", "--quiet", refname]);
}
