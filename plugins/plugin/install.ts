import { mkdtemp, rename, rm, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { DokkuError, UserError, errorMessage } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { readManifest } from "../../src/core/plugin-manifest.ts";
import { pluginNameFromUrl, resolveSource } from "./source.ts";
import { stageSource } from "./stage.ts";
import { SOURCE_FILE, ensurePluginTrees, installedOrigin, isCorePlugin, parsePluginName, pluginDirs, present, removePluginFiles } from "./store.ts";

export interface InstallOptions {
  name?: string;
  committish?: string;
  skipInstallTrigger?: boolean;
}

export const pluginInstall = defineCommand({
  name: "plugin:install",
  description: "Optionally download git-url (and pin to the specified branch/commit/tag) & run install trigger for active plugins (or only core ones)",
  usage: "[--core|<url>] [--committish <ref>] [--name <name>] [--skip-install-trigger]",
  rootOnly: true,
  args: {
    url: { type: "positional", description: "git url, tarball url, or local path of the plugin", required: false },
    core: { type: "boolean", description: "Run the install triggers only" },
    committish: { type: "string", description: "Branch, tag or commit to check out", valueHint: "ref" },
    name: { type: "string", description: "Install under this name", valueHint: "name" },
    "skip-install-trigger": { type: "boolean", description: "Do not run install triggers" },
  },
  async run(ctx, args) {
    if (args.core || !args.url) {
      if (args.core && args.url) ctx.log.step("Cannot install additional core plugins, running core plugin install trigger");
      await ctx.triggers.notify("install");
      return;
    }
    await installPlugin(ctx, args.url, { name: args.name, committish: args.committish, skipInstallTrigger: args["skip-install-trigger"] });
  },
});

/**
 * `plugin:install <url>`: fetch into a staging dir, check `plugin.toml`, move into
 * `available/`, enable, then run install triggers. A plugin that fails to load or whose own
 * `install` trigger fails is removed again.
 */
export async function installPlugin(ctx: Ctx, url: string, options: InstallOptions = {}): Promise<void> {
  const source = await resolveSource(ctx, url);
  const name = parsePluginName(options.name ?? pluginNameFromUrl(url), `Unable to derive a plugin name from ${url}; pass --name`);
  if (isCorePlugin(ctx, name)) throw new UserError(`Cannot install plugin ${name}: a core plugin has that name (use --name)`);
  const dirs = pluginDirs(ctx, name);
  if (await present(dirs.available)) {
    const origin = await installedOrigin(ctx, dirs.available);
    if (origin !== url) throw new UserError(`Plugin ${name} is already installed from ${origin ?? "an unknown source"}; uninstall it first or use --name`);
    ctx.log.step(`Plugin ${name} already installed`);
    return;
  }
  await ensurePluginTrees(ctx);
  ctx.log.step(`Cloning plugin repo ${url} to ${dirs.available}`);
  // The staging dir sits next to available/ so the final move is a same-filesystem rename.
  const staging = await mkdtemp(join(dirname(ctx.paths.pluginAvailable), ".staging-"));
  try {
    const root = await stageSource(ctx, source, staging, options.committish);
    const manifest = await readManifest(root).catch((error) => {
      const detail = errorMessage(error).replaceAll(`${root}/`, "").replace(/^Cannot read plugin\.toml:\n?/, "");
      throw new UserError(`Plugin ${name} has an invalid plugin.toml: ${detail}`);
    });
    if (!manifest) throw new UserError(`${url} is not a dokku plugin: plugin.toml is missing`);
    if (manifest.problems.length > 0) throw new UserError(`Plugin ${name} has an invalid plugin.toml: ${manifest.problems.join("; ")}`);
    if (options.committish) await writeFile(join(root, ".plugin_committish"), `${options.committish}\n`);
    if (source.kind !== "git") await writeFile(join(root, SOURCE_FILE), `${url}\n`);
    await rename(root, dirs.available);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  await enableNewPlugin(ctx, name, options.skipInstallTrigger ?? false);
}

async function enableNewPlugin(ctx: Ctx, name: string, skipInstallTrigger: boolean): Promise<void> {
  const dirs = pluginDirs(ctx, name);
  await rm(dirs.enabled, { force: true }); // a dangling link left by hand
  await symlink(dirs.available, dirs.enabled);
  const isNew = (plugin: { name: string }) => plugin.name === name;
  try {
    ctx.plugins.reload({ quiet: true }); // the registry scanned enabled/ before the plugin existed
    const failure = await ctx.plugins.loadError(name); // a plugin that does not load is refused here
    if (failure) throw failure;
    if (!skipInstallTrigger) await ctx.triggers.run("install", [], { stream: true, only: isNew });
  } catch (error) {
    await removePluginFiles(ctx, name);
    const exitCode = error instanceof DokkuError && error.exitCode > 0 ? error.exitCode : 1;
    throw new DokkuError(`Plugin ${name} was not installed: ${errorMessage(error)}`, { exitCode });
  }
  ctx.log.step(`Plugin ${name} enabled`);
  // dokku-compat: plugn runs `install` for every plugin in name order; the new one goes first so its failure can be undone.
  if (!skipInstallTrigger) await ctx.triggers.run("install", [], { stream: true, only: (plugin) => !isNew(plugin) });
}
