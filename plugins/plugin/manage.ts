import { rm, symlink } from "node:fs/promises";
import type { Ctx } from "../../src/core/context.ts";
import { SilentExit, UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { readManifest } from "../../src/core/plugin-manifest.ts";
import { printable } from "../../src/core/terminal-text.ts";
import { formatArg } from "../../src/cli/shared-args.ts";
import { ensurePluginTrees, installedNames, isCorePlugin, isEnabled, isInstalled, parsePluginName, pluginDirs, removePluginFiles } from "./store.ts";

const nameArg = { name: { type: "positional", description: "Plugin name", required: false } } as const;

interface PluginRow {
  name: string;
  version: string;
  enabled: boolean;
  core: boolean;
  description: string;
}

export const pluginList = defineCommand({
  name: "plugin:list",
  description: "Print active plugins",
  args: formatArg,
  async run(ctx, args) {
    const format = args.format ?? "stdout";
    // dokku-compat: Dokku's wording.
    if (format !== "stdout" && format !== "json") throw new UserError("Invalid output format specified, supported formats: json, stdout");
    const rows = await pluginRows(ctx);
    if (format === "json") return void ctx.log.data(JSON.stringify(rows));
    // plugn: printf "  %-20s %-5s %-10s %s\n"; a folder name made by hand may hold control characters.
    const lines = rows.map((r) => `  ${printable(r.name).padEnd(20)} ${r.version.padEnd(5)} ${(r.enabled ? "enabled" : "disabled").padEnd(10)} ${r.description}`);
    if (lines.length > 0) ctx.log.data(lines.join("\n"));
  },
});

/** Bare `dokku plugin`: Dokku's deprecated alias of plugin:list. */
export const pluginDefault = defineCommand({
  name: "plugin",
  description: "Lists all plugins (deprecated: use plugin:list)",
  hidden: true,
  args: formatArg,
  async run(ctx, args, raw) {
    ctx.log.warn("Deprecated: Please use plugin:list");
    return pluginList.run(ctx, args, raw);
  },
});

/** Core plugins (always enabled, the binary's version) and every folder in `available/`, by name. */
async function pluginRows(ctx: Ctx): Promise<PluginRow[]> {
  const rows: PluginRow[] = ctx.plugins.core.map((p) => ({ name: p.name, version: p.version, enabled: true, core: true, description: p.description }));
  for (const name of await installedNames(ctx)) {
    if (isCorePlugin(ctx, name)) continue;
    const manifest = await readManifest(pluginDirs(ctx, name).available).catch(() => undefined);
    rows.push({ name, version: manifest?.version ?? "", enabled: await isEnabled(ctx, name), core: false, description: manifest?.description ?? "" });
  }
  return rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export const pluginInstalled = defineCommand({
  name: "plugin:installed",
  description: "Checks if a plugin is installed",
  args: nameArg,
  rootOnly: true,
  async run(ctx, args) {
    const name = parsePluginName(args.name);
    if (!isCorePlugin(ctx, name) && !(await isInstalled(ctx, name))) throw new SilentExit(1);
  },
});

export const pluginEnable = defineCommand({
  name: "plugin:enable",
  description: "Enable a previously disabled plugin",
  args: nameArg,
  rootOnly: true,
  async run(ctx, args) {
    const name = parsePluginName(args.name, "Please specify a plugin to enable");
    if (isCorePlugin(ctx, name) || (await isEnabled(ctx, name))) throw new UserError("Plugin already enabled");
    if (!(await isInstalled(ctx, name))) throw new UserError("Plugin does not exist");
    await ensurePluginTrees(ctx);
    const dirs = pluginDirs(ctx, name);
    await symlink(dirs.available, dirs.enabled);
    ctx.log.step(`Plugin ${name} enabled`);
  },
});

export const pluginDisable = defineCommand({
  name: "plugin:disable",
  description: "Disable an installed plugin (third-party only)",
  args: nameArg,
  rootOnly: true,
  async run(ctx, args) {
    const name = parsePluginName(args.name, "Please specify a plugin to disable");
    if (isCorePlugin(ctx, name)) throw new UserError("Cannot disable a core plugin");
    if (!(await isEnabled(ctx, name))) throw new UserError("Plugin already disabled");
    if (!(await isInstalled(ctx, name))) throw new UserError("Plugin does not exist");
    await rm(pluginDirs(ctx, name).enabled, { force: true });
    ctx.log.step(`Plugin ${name} disabled`);
  },
});

export const pluginUninstall = defineCommand({
  name: "plugin:uninstall",
  description: "Uninstall a plugin (third-party only)",
  args: nameArg,
  rootOnly: true,
  async run(ctx, args) {
    const name = parsePluginName(args.name, "Please specify a plugin to uninstall");
    if (isCorePlugin(ctx, name)) throw new UserError("Cannot uninstall a core plugin");
    if (!(await isInstalled(ctx, name))) throw new UserError("Plugin does not exist");
    // The plugin's own `uninstall` trigger runs while it is still enabled; a failure keeps it installed.
    await ctx.triggers.notify("uninstall", name);
    await removePluginFiles(ctx, name);
    ctx.log.step(`Plugin ${name} uninstalled`);
  },
});
