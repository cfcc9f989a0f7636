import { chmod, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { exists } from "../../src/core/fs-exists.ts";
import { git, gitEnv, repoDir, tryGit } from "./repo.ts";
import { isObjectId } from "./names.ts";
import { processAlive } from "../../src/core/process.ts";

/** A temporary build directory that removes itself. */
export interface WorkDir extends AsyncDisposable {
  readonly path: string;
}

/** The work directories makeWorkDir names, by creator pid and purpose. */
const WORK_DIR = /^dokku-(\d+)-(git-from-archive|git-from-directory|git-from-image|git_build_app_repo)\.[A-Za-z0-9]{6}$/;

/**
 * `mktemp -d /tmp/dokku-<PID>-<purpose>.XXXXXX`, mode 0755, removed on dispose. A killed
 * process never disposes of its directory, so each new one first removes those whose creator
 * is gone. dokku-compat: PID is this process, not DOKKU_PID (Dokku's name), because a build
 * runner inherits its caller's DOKKU_PID and may outlive it while using its own directory.
 */
export async function makeWorkDir(_ctx: Ctx, purpose: string): Promise<WorkDir> {
  await removeOrphanWorkDirs(tmpdir());
  const path = await mkdtemp(join(tmpdir(), `dokku-${process.pid}-${purpose}.`));
  await chmod(path, 0o755);
  return { path, [Symbol.asyncDispose]: () => rm(path, { recursive: true, force: true }) };
}

async function removeOrphanWorkDirs(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const match = WORK_DIR.exec(name);
    if (match && !processAlive(Number(match[1]))) await rm(join(dir, name), { recursive: true, force: true }).catch(() => {});
  }
}

/** Resolves a rev (sha, branch, tag) of the app's repo to a commit id. */
export async function resolveCommit(ctx: Ctx, app: string, rev: string): Promise<string> {
  if (isObjectId(rev)) return rev;
  if (rev.startsWith("-")) throw new UserError(`Invalid git revision: ${rev}`);
  const sha = await tryGit(ctx, ["--git-dir", repoDir(ctx, app), "rev-parse", "--verify", "--quiet", `${rev}^{commit}`]);
  if (!sha) throw new UserError(`Unable to find revision ${rev} in the ${app} repository`);
  return sha;
}

/**
 * Checks out REV of the app's repo into `dir` (reference 5.4). The checkout borrows the
 * repository's objects through `objects/info/alternates`, and the objects a push still holds
 * in quarantine (GIT_QUARANTINE_PATH, set while pre-receive runs) are listed first. That avoids
 * Dokku's `git worktree` bookkeeping inside the bare repo and any shell pipe. With
 * `keepGitDir` the objects are copied in (`repack -a`) so `.git` stands alone in the build
 * context; otherwise every `.git` in the tree is removed.
 */
export async function extractRev(ctx: Ctx, app: string, rev: string, dir: string, branch: string, keepGitDir: boolean): Promise<void> {
  const sources = [ctx.env.vars.GIT_QUARANTINE_PATH, join(repoDir(ctx, app), "objects")].filter((p): p is string => Boolean(p));
  const env = gitEnv(ctx);
  const inDir = { cwd: dir, env };
  await git(ctx, ["init", "-q", dir], { env });
  await writeFile(join(dir, ".git", "objects", "info", "alternates"), `${sources.join("\n")}\n`);
  await git(ctx, ["update-ref", `refs/heads/${branch}`, rev], inDir);
  await git(ctx, ["symbolic-ref", "HEAD", `refs/heads/${branch}`], inDir);
  await git(ctx, ["-c", "advice.detachedHead=false", "reset", "-q", "--hard"], inDir);
  if (await exists(join(dir, ".gitmodules"))) {
    // dokku-compat: submodule output is suppressed, as Dokku's suppress_output does; it shows on failure.
    await git(ctx, ["submodule", "update", "-q", "--init", "--recursive"], inDir);
  }
  if (!keepGitDir) {
    await removeGitDirs(dir);
    return;
  }
  await git(ctx, ["repack", "-a", "-d", "-q"], inDir);
  await rm(join(dir, ".git", "objects", "info", "alternates"), { force: true });
  for (const [key, value] of [["gc.auto", "0"], ["receive.denyCurrentBranch", "ignore"]] as const) {
    await git(ctx, ["config", key, value], inDir);
  }
}

/** Deletes every `.git` file or directory in the tree without following symlinks (Dokku's `find -name .git -prune`). */
export async function removeGitDirs(root: string): Promise<void> {
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.name === ".git") await rm(path, { recursive: true, force: true });
    else if (entry.isDirectory()) await removeGitDirs(path);
  }
}
