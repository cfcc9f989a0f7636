import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { checkout } from "./stage.ts";
import { enabledNames, gitEnv, isCorePlugin, isEnabled, parsePluginName, pluginDirs, present } from "./store.ts";

export const pluginUpdate = defineCommand({
  name: "plugin:update",
  description: "Updates one or all plugins (optionally to a committish), then runs the update trigger",
  usage: "[<name> [<committish>]]",
  rootOnly: true,
  args: {
    name: { type: "positional", description: "Plugin name (default: every enabled community plugin)", required: false },
    committish: { type: "positional", description: "Branch, tag or commit to pin the plugin to", required: false },
  },
  async run(ctx, args) {
    if (args.name) {
      const name = parsePluginName(args.name);
      if (isCorePlugin(ctx, name)) throw new UserError("Cannot trigger plugin:update against core plugin, please update Dokku instead");
      if (!(await isEnabled(ctx, name))) throw new UserError(`Specified plugin (${name}) is not enabled or installed`);
      await updatePlugin(ctx, name, args.committish || undefined);
    } else {
      for (const name of await enabledNames(ctx)) await updatePlugin(ctx, name);
    }
    ctx.plugins.reload(); // module plugins may have new code on disk
    await ctx.triggers.notify("update");
  },
});

/**
 * plugn's update: `git fetch`; with a committish fetch tags, check it out, pull when on a branch
 * and record `.plugin_committish`; without one a detached HEAD stays pinned, a branch is pulled.
 */
async function updatePlugin(ctx: Ctx, name: string, committish?: string): Promise<void> {
  const dir = pluginDirs(ctx, name).available;
  if (!(await present(join(dir, ".git")))) {
    ctx.log.warn(`Plugin (${name}) is not a git repository, skipping update`);
    return;
  }
  const git = async (...args: string[]) => {
    const result = await ctx.exec(["git", "-c", `safe.directory=${dir}`, "-C", dir, ...args], { env: gitEnv(ctx), check: false });
    if (result.code !== 0) throw new UserError(`Unable to update plugin ${name}: git ${args[0]} failed${tailOf(result.stderr)}`);
    return result.stdout.trim();
  };
  const onBranch = async () =>
    (await ctx.exec(["git", "-c", `safe.directory=${dir}`, "-C", dir, "symbolic-ref", "-q", "HEAD"], { check: false })).code === 0;
  await git("fetch", "--quiet");
  if (committish) {
    await git("fetch", "--quiet", "--tags");
    await checkout(ctx, dir, committish);
    if (await onBranch()) await git("pull", "--quiet", "--ff-only");
    await writeFile(join(dir, ".plugin_committish"), `${committish}\n`);
    ctx.log.step(`Plugin (${name}) updated and pinned to ${committish}`);
  } else if (!(await onBranch())) {
    const pinned = (await readFile(join(dir, ".plugin_committish"), "utf8").catch(() => "")).trim() || (await git("rev-parse", "--short", "HEAD"));
    ctx.log.step(`Plugin pinned to ${pinned}`);
  } else {
    await git("pull", "--quiet", "--ff-only");
    ctx.log.step(`Plugin (${name}) updated`);
  }
}

function tailOf(stderr: string): string {
  const line = stderr.trim().split("\n").filter(Boolean).at(-1);
  return line ? `: ${line}` : "";
}
