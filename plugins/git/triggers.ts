import { parseAppName } from "../../src/core/apps.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import { chainHandlers, propertyLifecycle } from "../../src/core/property-lifecycle.ts";
import { removeTree, warnMovedAside } from "../../src/core/remove-tree.ts";
import { ARCHIVE_TYPES, type ArchiveType } from "./archive-type.ts";
import { UserError } from "../../src/core/errors.ts";
import { gitFromDirectory } from "./from-directory.ts";
import { receiveApp } from "./receive.ts";
import { branchHead, deployBranch, ensureRepoAndHook, hasRepo } from "./repo.ts";
import { DEFAULT_REV_ENV_VAR, GIT, GitProps } from "./schema.ts";
import { gitFromArchive } from "./source-archive.ts";
import { gitFromImage, parseImageRef } from "./source-image.ts";

const lifecycle = propertyLifecycle(GIT);

/** `post-create APP`: every app gets its bare repository and hook (reference 5.2). */
export const onPostCreate: TriggerHandler<"post-create"> = async (ctx, [app]) => {
  if (app) await ensureRepoAndHook(ctx, app);
};

/** The copied repository's hook still names the old app: rewrite it for the new one. */
const rewriteHook: TriggerHandler<"post-app-rename-setup"> = async (ctx, [, to]) => {
  if (to && (await hasRepo(ctx, to))) await ensureRepoAndHook(ctx, to);
};

export const onPostAppCloneSetup = chainHandlers(lifecycle["post-app-clone-setup"], rewriteHook);
export const onPostAppRenameSetup = chainHandlers(lifecycle["post-app-rename-setup"], rewriteHook);
/** `post-delete APP`: properties, and a `git:sync` clone folder left by an interrupted sync. */
export const onPostDelete = chainHandlers(lifecycle["post-delete"], async (ctx, [app]) => {
  if (app) warnMovedAside(ctx.log, ctx.paths.dataDir(GIT, app), await removeTree(ctx.paths.dataDir(GIT, app)));
});

/**
 * `receive-app APP [REV]`: build REV, or the deploy branch's head (ps:rebuild, git:sync --build).
 * The build record's source is `DOKKU_BUILD_SOURCE` when the caller sets it, else git:sync for a
 * given REV and ps:rebuild without one (the two core callers).
 */
export const onReceiveApp: TriggerHandler<"receive-app"> = async (ctx, [app, rev]) => {
  const source = ctx.env.vars.DOKKU_BUILD_SOURCE || (rev ? "git:sync" : "ps:rebuild");
  await receiveApp(ctx, await ctx.apps.verify(app), rev || undefined, source);
};

/** `git-has-code APP [BRANCH]`: "true" when the branch has commits. */
export const onGitHasCode: TriggerHandler<"git-has-code"> = async (ctx, [app = "", branch]) => {
  const name = parseAppName(app);
  return `${(await branchHead(ctx, name, branch || (await deployBranch(ctx, name)))) ? "true" : "false"}\n`;
};

/** `git-revision APP`: the deploy branch's head commit. */
export const onGitRevision: TriggerHandler<"git-revision"> = async (ctx, [app = ""]) => {
  const name = parseAppName(app);
  const sha = await branchHead(ctx, name, await deployBranch(ctx, name));
  return sha ? `${sha}\n` : "";
};

export const onGitDeployBranch: TriggerHandler<"git-deploy-branch"> = async (ctx, [app = ""]) => `${await deployBranch(ctx, parseAppName(app))}\n`;

/** `git-get-property APP KEY`: computed values, as the report shows them. */
export const onGitGetProperty: TriggerHandler<"git-get-property"> = async (ctx, [app = "", key = ""]) => {
  const name = parseAppName(app);
  if (key === GitProps.deployBranch) return `${await deployBranch(ctx, name)}\n`;
  if (key === GitProps.keepGitDir) return `${await ctx.props.computed(GIT, name, key, "false")}\n`;
  if (key === GitProps.revEnvVar) return `${(await ctx.props.get(GIT, name, key)) ?? DEFAULT_REV_ENV_VAR}\n`;
  if (key === GitProps.sourceImage) return `${(await ctx.props.get(GIT, name, key)) ?? ""}\n`;
  throw new UserError(`Invalid git property specified: ${key}`);
};

export const onGitFromDirectory: TriggerHandler<"git-from-directory"> = async (ctx, [app, dir, user, email]) => {
  if (!dir) throw new UserError("git-from-directory needs APP and DIR");
  await gitFromDirectory(ctx, await ctx.apps.verify(app), dir, user || undefined, email || undefined);
};

export const onGitFromArchive: TriggerHandler<"git-from-archive"> = async (ctx, [app, url, type = "tar", user, email]) => {
  if (!(ARCHIVE_TYPES as readonly string[]).includes(type)) throw new UserError(`Invalid archive type: ${type}`);
  await gitFromArchive(ctx, await ctx.apps.verify(app), url ?? "", type as ArchiveType, user || undefined, email || undefined);
};

/** `git-from-image APP IMAGE BUILD_DIR USER EMAIL`. */
export const onGitFromImage: TriggerHandler<"git-from-image"> = async (ctx, [app, image, buildDir, user, email]) => {
  await gitFromImage(ctx, await ctx.apps.verify(app), parseImageRef(image), false, { buildDir: buildDir || undefined, user: user || undefined, email: email || undefined });
};
