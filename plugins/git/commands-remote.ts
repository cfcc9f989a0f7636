import { parseNewAppName } from "../../src/core/apps.ts";
import type { Ctx } from "../../src/core/context.ts";
import { SilentExit } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { runGitHook } from "./hook.ts";
import { stripRemoteArg } from "./names.ts";
import { ensureRepoAndHook, gitEnv, repoDir } from "./repo.ts";

const repoArg = { repo: { type: "positional", description: "App repository, as git sends it ('APP')", required: false } } as const;

/**
 * The app named by a git remote command, validated the way Dokku does: an existing app may
 * use the old name rule, a new one must pass the new-app rule.
 */
async function remoteApp(ctx: Ctx, raw: readonly string[]): Promise<string> {
  const app = stripRemoteArg(raw[0] ?? "");
  if (await ctx.apps.exists(app)) return app;
  return parseNewAppName(app);
}

/**
 * Creates the app (trigger `app-maybe-create`) and its repository before git starts. Our stdout
 * is the git protocol stream here, so this runs as a child whose output is shown on stderr,
 * where the pusher sees it (Dokku suppresses it the same way).
 */
async function prepare(ctx: Ctx, app: string): Promise<void> {
  if (await ctx.apps.exists(app)) return ensureRepoAndHook(ctx, app);
  const result = await ctx.exec([...ctx.runtime.self, "git-prepare-repo", app], { env: ctx.childEnv(), stderr: "inherit", check: false });
  if (result.stdout) ctx.io.stderr.write(result.stdout);
  if (result.code !== 0) throw new SilentExit(result.code); // the child already said why on stderr
}

/** Runs a git server program on the app's repository with our stdin/stdout as its protocol channel. */
async function serve(ctx: Ctx, program: "receive-pack" | "upload-pack" | "upload-archive", app: string): Promise<number> {
  // argv, not `git-shell -c "git-receive-pack '<path>'"`: the path is already validated and
  // absolute, so git-shell's command-string parsing would only add a quoting layer to get right.
  const result = await ctx.exec(["git", program, repoDir(ctx, app)], { env: gitEnv(ctx), input: "inherit", stdout: "inherit", stderr: "inherit", check: false });
  return result.code;
}

export const gitReceivePack = defineCommand({
  name: "git-receive-pack",
  description: "Receives a git push for an app (run by ssh)",
  hidden: true,
  args: repoArg,
  async run(ctx, _args, raw) {
    const app = await remoteApp(ctx, raw);
    await prepare(ctx, app);
    return serve(ctx, "receive-pack", app);
  },
});

export const gitUploadPack = defineCommand({
  name: "git-upload-pack",
  description: "Serves a git fetch or clone of an app (run by ssh)",
  hidden: true,
  args: repoArg,
  async run(ctx, _args, raw) {
    const app = await remoteApp(ctx, raw);
    await prepare(ctx, app);
    await passToStderr(ctx, "git-pre-pull", app);
    const code = await serve(ctx, "upload-pack", app);
    await passToStderr(ctx, "git-post-pull", app);
    return code;
  },
});

export const gitUploadArchive = defineCommand({
  name: "git-upload-archive",
  description: "Serves git archive --remote for an app (run by ssh)",
  hidden: true,
  args: repoArg,
  async run(ctx, _args, raw) {
    const app = await ctx.apps.verify(stripRemoteArg(raw[0] ?? ""));
    return serve(ctx, "upload-archive", app);
  },
});

/** Trigger output must not reach the protocol stream on stdout. */
async function passToStderr(ctx: Ctx, trigger: "git-pre-pull" | "git-post-pull", app: string): Promise<void> {
  const output = await ctx.triggers.query(trigger, app);
  if (output) ctx.io.stderr.write(output);
}

export const gitHook = defineCommand({
  name: "git-hook",
  description: "Deploys pushed refs (run by the pre-receive hook)",
  hidden: true,
  args: { app: { type: "positional", description: "App name", required: false } },
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    await runGitHook(ctx, app, await ctx.io.readStdin());
  },
});

export const gitPrepareRepo = defineCommand({
  name: "git-prepare-repo",
  description: "Creates an app and its repository for a first push",
  hidden: true,
  args: { app: { type: "positional", description: "App name", required: false } },
  async run(ctx, args) {
    const app = parseNewAppName(args.app);
    await ctx.triggers.notify("app-maybe-create", app);
    await ensureRepoAndHook(ctx, app);
  },
});
