import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { UserError, errorMessage } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { readManifest } from "../../src/core/plugin-manifest.ts";
import { checkout } from "./stage.ts";
import { enabledNames, gitEnv, isCorePlugin, isEnabled, parsePluginName, pluginDirs, present } from "./store.ts";

export const pluginUpdate = defineCommand({
  name: "plugin:update",
  description: "Optionally update named plugin from git (and pin to the specified branch/commit/tag) & run update trigger for active plugins",
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

type Git = (...args: string[]) => Promise<string>;

/** Where a plugin's checkout was before an update: enough to put it back. */
interface Checkout {
  sha: string;
  branch?: string;
  pin?: string;
}

/**
 * plugn's update: `git fetch`; with a committish fetch tags, check it out, pull when on a branch
 * and record `.plugin_committish`; without one a detached HEAD stays pinned, a branch is pulled.
 * A result that does not load (broken plugin.toml, module that fails) is rolled back.
 */
async function updatePlugin(ctx: Ctx, name: string, committish?: string): Promise<void> {
  const dir = pluginDirs(ctx, name).available;
  if (!(await present(join(dir, ".git")))) {
    ctx.log.warn(`Plugin (${name}) is not a git repository, skipping update`);
    return;
  }
  const git: Git = async (...args) => {
    const result = await ctx.exec(["git", "-c", `safe.directory=${dir}`, "-C", dir, ...args], { env: gitEnv(ctx), check: false });
    if (result.code !== 0) throw new UserError(`git ${args[0]} failed${tailOf(result.stderr)}`);
    return result.stdout.trim();
  };
  const before = await currentCheckout(ctx, dir, git);
  let done: string;
  try {
    done = await moveCheckout(ctx, dir, name, git, committish);
    await assertLoads(ctx, name, dir);
  } catch (error) {
    const restored = await restoreCheckout(ctx, dir, git, before).then(
      () => `kept ${before.sha.slice(0, 12)}`,
      (restoreError) => `and could not restore ${before.sha.slice(0, 12)}: ${errorMessage(restoreError)}`,
    );
    throw new UserError(`Unable to update plugin ${name} (${restored}): ${errorMessage(error)}`);
  }
  ctx.log.step(done);
}

/** Fetches and moves the checkout; returns the line to print once the result is known to load. */
async function moveCheckout(ctx: Ctx, dir: string, name: string, git: Git, committish?: string): Promise<string> {
  await git("fetch", "--quiet");
  if (committish) {
    await git("fetch", "--quiet", "--tags");
    await checkout(ctx, dir, committish);
    if (await onBranch(ctx, dir)) await git("pull", "--quiet", "--ff-only");
    await writeFile(join(dir, ".plugin_committish"), `${committish}\n`);
    return `Plugin (${name}) updated and pinned to ${committish}`;
  }
  if (!(await onBranch(ctx, dir))) {
    const pinned = (await readPin(dir)) || (await git("rev-parse", "--short", "HEAD"));
    return `Plugin pinned to ${pinned}`;
  }
  await git("pull", "--quiet", "--ff-only");
  return `Plugin (${name}) updated`;
}

/** The updated plugin must load as an installed one would: plugin.toml valid, module importable. */
async function assertLoads(ctx: Ctx, name: string, dir: string): Promise<void> {
  const manifest = await readManifest(dir);
  if (!manifest) throw new UserError("plugin.toml is missing");
  if (manifest.problems.length > 0) throw new UserError(`invalid plugin.toml: ${manifest.problems.join("; ")}`);
  ctx.plugins.reload({ quiet: true });
  const failure = await ctx.plugins.loadError(name);
  if (failure) throw failure;
}

async function currentCheckout(ctx: Ctx, dir: string, git: Git): Promise<Checkout> {
  const branch = await ctx.exec(["git", "-c", `safe.directory=${dir}`, "-C", dir, "symbolic-ref", "-q", "--short", "HEAD"], { check: false });
  return { sha: await git("rev-parse", "HEAD"), branch: branch.code === 0 ? branch.stdout.trim() : undefined, pin: await readPin(dir) };
}

/** Puts HEAD (and the branch it was on, which a pull may have moved) and the pin file back. */
async function restoreCheckout(ctx: Ctx, dir: string, git: Git, before: Checkout): Promise<void> {
  if (before.branch) await git("checkout", "--quiet", "-B", before.branch, before.sha, "--");
  else await git("checkout", "--quiet", "--detach", before.sha, "--");
  const pinFile = join(dir, ".plugin_committish");
  if (before.pin === undefined) await rm(pinFile, { force: true });
  else await writeFile(pinFile, `${before.pin}\n`);
  ctx.plugins.reload({ quiet: true });
}

async function onBranch(ctx: Ctx, dir: string): Promise<boolean> {
  return (await ctx.exec(["git", "-c", `safe.directory=${dir}`, "-C", dir, "symbolic-ref", "-q", "HEAD"], { check: false })).code === 0;
}

async function readPin(dir: string): Promise<string | undefined> {
  const text = await readFile(join(dir, ".plugin_committish"), "utf8").catch(() => undefined);
  return text === undefined ? undefined : text.trim();
}

function tailOf(stderr: string): string {
  const line = stderr.trim().split("\n").filter(Boolean).at(-1);
  return line ? `: ${line}` : "";
}
