import { stat } from "node:fs/promises";
import { join } from "node:path";
import { appArg, globalArg } from "../../src/cli/shared-args.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { setPropertyCommand } from "../../src/core/property-command.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { defineReportCommand } from "../../src/core/report-command.ts";
import { archiveLimits } from "./archive-source.ts";
import { branchHead, deployBranch, isValidBranch, repoDir } from "./repo.ts";
import { DEFAULT_DEPLOY_BRANCH, DEFAULT_REV_ENV_VAR, GIT, GLOBAL_ONLY, GitProps, SETTABLE } from "./schema.ts";

export const gitReport = defineReportCommand({ plugin: "git", values: gitValues, globalValues: (ctx) => scopeValues(ctx, GLOBAL) });

/**
 * The `global-` and `computed-` flags of one scope (GLOBAL: what an app without its own value
 * gets). `global-` is what is stored, empty when unset; `computed-` is the effective value.
 */
async function scopeValues(ctx: Ctx, scope: string): Promise<Record<string, string>> {
  const get = async (key: string) => (await ctx.props.get(GIT, GLOBAL, key)) ?? "";
  const limits = await archiveLimits(ctx);
  const keep = scope === GLOBAL ? "" : ((await ctx.props.get(GIT, scope, GitProps.keepGitDir)) ?? "");
  const globalKeep = await get(GitProps.keepGitDir);
  return {
    "--git-global-deploy-branch": await get(GitProps.deployBranch),
    "--git-computed-deploy-branch": (await deployBranch(ctx, scope)) || DEFAULT_DEPLOY_BRANCH,
    "--git-global-keep-git-dir": globalKeep,
    "--git-computed-keep-git-dir": keep || globalKeep || "false",
    "--git-global-archive-max-files": await get(GitProps.archiveMaxFiles),
    "--git-computed-archive-max-files": String(limits.maxFiles),
    "--git-global-archive-max-size": await get(GitProps.archiveMaxSize),
    "--git-computed-archive-max-size": String(limits.maxBytes),
  };
}

async function gitValues(ctx: Ctx, app: string): Promise<Record<string, string>> {
  const get = async (key: string) => (await ctx.props.get(GIT, app, key)) ?? "";
  const branch = await deployBranch(ctx, app);
  const sha = await branchHead(ctx, app, branch);
  const revVar = await ctx.props.get(GIT, app, GitProps.revEnvVar);
  return {
    ...(await scopeValues(ctx, app)),
    "--git-deploy-branch": await get(GitProps.deployBranch),
    "--git-keep-git-dir": await get(GitProps.keepGitDir),
    "--git-rev-env-var": revVar === undefined ? DEFAULT_REV_ENV_VAR : revVar,
    "--git-sha": sha ?? "",
    "--git-last-updated-at": sha ? await lastUpdated(ctx, app, branch) : "",
    "--git-source-image": await get(GitProps.sourceImage),
  };
}

/** mtime of the branch's ref file; packed refs have none, so the repo's packed-refs time stands in. */
async function lastUpdated(ctx: Ctx, app: string, branch: string): Promise<string> {
  for (const file of [join(repoDir(ctx, app), "refs", "heads", branch), join(repoDir(ctx, app), "packed-refs")]) {
    try {
      return String(Math.floor((await stat(file)).mtimeMs / 1000));
    } catch {
      // try the next place
    }
  }
  return "";
}

export const gitSet = defineCommand({
  name: "git:set",
  description: "Set or clear a git property for an app",
  usage: "<app>|--global <key> [<value>]",
  args: { ...appArg, ...globalArg },
  async run(ctx, args) {
    const positionals = args._.map(String);
    const isGlobal = Boolean(args.global);
    const [key = "", value = ""] = isGlobal ? positionals : positionals.slice(1);
    if (!isGlobal && GLOBAL_ONLY.includes(key)) throw new UserError("Property can only be specified globally");
    if (value !== "") await validate(ctx, key, value);
    if (key === GitProps.revEnvVar && value === "" && !isGlobal) {
      // dokku-compat: an empty rev-env-var is stored (it disables GIT_REV) instead of unset.
      const app = await ctx.apps.verify(positionals[0]);
      ctx.log.header(`Setting ${key} to an empty value`);
      await ctx.props.set(GIT, app, key, "");
      return;
    }
    await setPropertyCommand(ctx, GIT, positionals, isGlobal, SETTABLE);
  },
});

async function validate(ctx: Ctx, key: string, value: string): Promise<void> {
  if ((key === GitProps.archiveMaxFiles || key === GitProps.archiveMaxSize) && !/^[1-9]\d*$/.test(value)) {
    throw new UserError(`Invalid value for ${key}, must be a positive integer`);
  }
  if (key === GitProps.keepGitDir && value !== "true" && value !== "false") throw new UserError(`Invalid value for ${key}, must be true or false`);
  if (key === GitProps.deployBranch && !(await isValidBranch(ctx, value))) throw new UserError(`Invalid branch name: ${value}`);
  if (key === GitProps.revEnvVar && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) throw new UserError(`Invalid environment variable name: ${value}`);
}
