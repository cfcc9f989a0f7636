import { chmod, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { isNotFound } from "../../src/core/errors.ts";
import { chownTree, writeFileAtomic } from "../../src/core/fs-atomic.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { argv } from "../../src/exec/argv.ts";
import { shQuote } from "./names.ts";
import { DEFAULT_DEPLOY_BRANCH, GIT, GitProps } from "./schema.ts";

/** The app's bare repository is the app directory itself (`DOKKU_ROOT/APP`), as in Dokku. */
export function repoDir(ctx: Ctx, app: string): string {
  return ctx.paths.appDir(app);
}

/** Variables that point git at some other repository; a hook inherits several of them from receive-pack. */
const REPO_VARS = ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_QUARANTINE_PATH", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_PREFIX"];

/** The child environment for our own git calls: no inherited repository, no password prompts. */
export function gitEnv(ctx: Ctx, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { ...ctx.childEnv(), GIT_TERMINAL_PROMPT: "0" };
  for (const name of REPO_VARS) delete env[name];
  return { ...env, ...extra };
}

/** Runs `git ARGS` with the clean environment; returns trimmed stdout, throws on failure. */
export async function git(ctx: Ctx, args: readonly (string | false | undefined)[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<string> {
  const result = await ctx.exec(argv("git", ...args), { cwd: options.cwd, env: options.env ?? gitEnv(ctx) });
  return result.stdout.trim();
}

/** Like `git` but returns undefined instead of throwing (rev-parse of a ref that may not exist). */
export async function tryGit(ctx: Ctx, args: readonly (string | false | undefined)[], options: { cwd?: string } = {}): Promise<string | undefined> {
  const result = await ctx.exec(argv("git", ...args), { cwd: options.cwd, env: gitEnv(ctx), check: false });
  return result.code === 0 ? result.stdout.trim() : undefined;
}

/** True once `git init --bare` ran for the app (Dokku tests for the `refs` directory). */
export async function hasRepo(ctx: Ctx, app: string): Promise<boolean> {
  try {
    return (await stat(join(repoDir(ctx, app), "refs"))).isDirectory();
  } catch {
    return false;
  }
}

/** `fn-git-deploy-branch`: app value, else global value, else master. */
export async function deployBranch(ctx: Ctx, app: string): Promise<string> {
  return ctx.props.computed(GIT, app, GitProps.deployBranch, DEFAULT_DEPLOY_BRANCH);
}

/** True when an app or global deploy branch is configured (the first pushed branch is adopted otherwise). */
export async function deployBranchConfigured(ctx: Ctx, app: string): Promise<boolean> {
  return Boolean((await ctx.props.get(GIT, app, GitProps.deployBranch)) || (await ctx.props.get(GIT, GLOBAL, GitProps.deployBranch)));
}

/** `git check-ref-format --branch NAME` (no repository needed). */
export async function isValidBranch(ctx: Ctx, branch: string): Promise<boolean> {
  if (branch === "" || branch.startsWith("-")) return false;
  return (await tryGit(ctx, ["check-ref-format", "--branch", branch])) !== undefined;
}

/** The commit a branch of the app's repo points at, or undefined when it has no commits. */
export async function branchHead(ctx: Ctx, app: string, branch: string): Promise<string | undefined> {
  if (!(await hasRepo(ctx, app))) return undefined;
  return tryGit(ctx, ["--git-dir", repoDir(ctx, app), "rev-parse", "--verify", "--quiet", `refs/heads/${branch}^{commit}`]);
}

/**
 * The pre-receive hook (reference 5.2). It is a sh script we write ourselves, so every word is
 * single-quoted: our binary's path, the roots this push runs against, and the (validated) app.
 */
export function hookScript(self: readonly string[], app: string, env: Readonly<Record<string, string>>): string {
  const exports = Object.entries(env).map(([key, value]) => `${key}=${shQuote(value)}\nexport ${key}`);
  return ["#!/bin/sh", "# Written by dokku (git:initialize rewrites it): hands each push to `dokku git-hook`.", "set -e", ...exports, `exec ${[...self, "git-hook", app].map(shQuote).join(" ")}`, ""].join("\n");
}

/** The hook for this binary and these roots. */
function currentHook(ctx: Ctx, app: string): string {
  return hookScript(ctx.runtime.self, app, { DOKKU_ROOT: ctx.paths.dokkuRoot, DOKKU_LIB_ROOT: ctx.paths.libRoot });
}

/**
 * `fn-git-create-hook`: `git init --bare` when there is no repository yet, then (re)writes the
 * hook. dokku-compat: the hook is only rewritten when its text changed, so a moved binary is
 * picked up on the next push instead of breaking it.
 */
export async function ensureRepoAndHook(ctx: Ctx, app: string): Promise<void> {
  const dir = repoDir(ctx, app);
  if (!(await hasRepo(ctx, app))) await git(ctx, ["init", "-q", "--bare", dir]);
  const file = join(dir, "hooks", "pre-receive");
  const text = currentHook(ctx, app);
  let existing: string | undefined;
  try {
    existing = await readFile(file, "utf8");
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  if (existing !== text) {
    await writeFileAtomic(file, text, { mode: 0o755, owner: ctx.props.owner });
    await chmod(file, 0o755);
  }
  await ownRepo(ctx, app);
}

/**
 * As root (plugin:trigger, a root-run hook), what git just wrote belongs to root: hand the
 * repository to the dokku user, as Dokku's chown does, or its next push or destroy fails.
 */
export async function ownRepo(ctx: Ctx, app: string): Promise<void> {
  await chownTree(repoDir(ctx, app), ctx.props.owner);
}

/** Points the bare repo's HEAD at the deploy branch, so `git clone` of the app checks it out. */
export async function pointHead(ctx: Ctx, app: string, branch: string): Promise<void> {
  await git(ctx, ["--git-dir", repoDir(ctx, app), "symbolic-ref", "HEAD", `refs/heads/${branch}`]);
  await ownRepo(ctx, app);
}
