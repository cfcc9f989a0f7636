import { readdir, realpath, stat } from "node:fs/promises";
import { join } from "node:path";
import * as v from "valibot";
import { UserError, errorMessage, isNotFound } from "./errors.ts";
import { exists } from "./fs-exists.ts";
import type { AnyDokkuCommand, PluginDef } from "./plugin.ts";
import { readManifest } from "./plugin-manifest.ts";

/** A plugin as the host sees it: embedded core code, an external module, or Dokku-style executables. */
export interface LoadedPlugin {
  readonly name: string;
  readonly kind: "core" | "module" | "executable";
  readonly description: string;
  readonly version: string;
  /** The plugin's directory (external plugins only). */
  readonly dir?: string;
  /** Commands and in-process trigger handlers (core and module plugins). */
  readonly def?: PluginDef;
  /** `CONFIG_*` variables from `[plugin.config]`. */
  readonly config: Readonly<Record<string, string>>;
}

/** Shape an external module plugin's export must have; checked before it is registered. */
const ModulePluginShape = v.looseObject({
  name: v.string(),
  description: v.optional(v.string(), ""),
  version: v.optional(v.string()),
  commands: v.optional(v.array(v.looseObject({ name: v.string(), description: v.string(), run: v.function() }))),
  triggers: v.optional(v.record(v.string(), v.function())),
});

/**
 * Every enabled plugin, sorted by name: the order in which triggers run (Dokku's plugn walks
 * `plugins/enabled/*` in glob order, core and community plugins interleaved).
 */
export class PluginRegistry {
  private external?: Promise<LoadedPlugin[]>;
  private readonly commands = new Map<string, { plugin: LoadedPlugin; command: AnyDokkuCommand }>();

  private readonly failures = new Map<string, Error>();
  private quiet = false;

  constructor(
    readonly core: readonly LoadedPlugin[],
    private readonly enabledDir: string,
    private readonly importModule: (path: string) => Promise<unknown>,
    /** Told about an enabled plugin that cannot be loaded (it is skipped, not fatal). */
    private readonly warn: (message: string) => void = () => {},
  ) {
    for (const plugin of core) this.addCommands(plugin);
  }

  /** A core command, found without touching the plugin directory. */
  coreCommand(name: string) {
    return this.commands.get(name);
  }

  /** Any command, external module plugins included. */
  async command(name: string) {
    await this.loadExternal();
    return this.commands.get(name);
  }

  async all(): Promise<LoadedPlugin[]> {
    const external = await this.loadExternal();
    return [...this.core, ...external].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async externalPlugins(): Promise<LoadedPlugin[]> {
    return this.loadExternal();
  }

  /** Why an enabled plugin was skipped by the last scan, if it was. */
  async loadError(name: string): Promise<Error | undefined> {
    await this.loadExternal();
    return this.failures.get(name);
  }

  /** Forgets the scanned external plugins, so ones installed or removed by this process are seen (plugin:install). */
  reload(options: { quiet?: boolean } = {}): void {
    this.quiet = options.quiet ?? false;
    this.external = undefined;
    this.failures.clear();
    for (const [name, entry] of this.commands) if (entry.plugin.kind !== "core") this.commands.delete(name);
  }

  private loadExternal(): Promise<LoadedPlugin[]> {
    this.external ??= this.scan();
    return this.external;
  }

  private async scan(): Promise<LoadedPlugin[]> {
    let names: string[];
    try {
      names = (await readdir(this.enabledDir)).sort();
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
    const coreNames = new Set(this.core.map((p) => p.name));
    const loaded: LoadedPlugin[] = [];
    for (const name of names) {
      if (name.startsWith(".") || coreNames.has(name)) continue;
      let plugin: LoadedPlugin | undefined;
      try {
        plugin = await this.loadOne(name);
      } catch (error) {
        // One broken plugin must not take every command down, plugin:uninstall included.
        this.failures.set(name, error instanceof Error ? error : new Error(String(error)));
        if (!this.quiet) this.warn(`${errorMessage(error)} (skipped; fix it or run 'dokku plugin:disable ${name}')`);
        continue;
      }
      if (!plugin) continue;
      loaded.push(plugin);
      this.addCommands(plugin);
    }
    return loaded;
  }

  private async loadOne(name: string): Promise<LoadedPlugin | undefined> {
    let dir: string;
    try {
      dir = await realpath(join(this.enabledDir, name));
      if (!(await stat(dir)).isDirectory()) return undefined;
    } catch {
      return undefined; // a dangling enabled symlink is ignored, as plugn does
    }
    const manifest = await readManifest(dir).catch((error) => {
      throw new UserError(`Plugin ${name} is malformed: ${errorMessage(error)}`);
    });
    if (!this.quiet) for (const problem of manifest?.problems ?? []) this.warn(`Plugin ${name}: ${problem} (ignored)`);
    const base = {
      name,
      dir,
      description: manifest?.description ?? "",
      version: manifest?.version ?? "",
      config: manifest?.config ?? {},
    };
    const entry = await findModuleEntry(dir);
    if (!entry) return { ...base, kind: "executable" };
    const def = await this.loadModule(name, entry);
    return { ...base, kind: "module", def, description: base.description || def.description };
  }

  private async loadModule(name: string, entry: string): Promise<PluginDef> {
    let mod: Record<string, unknown>;
    try {
      mod = (await this.importModule(entry)) as Record<string, unknown>;
    } catch (error) {
      throw new UserError(`Plugin ${name} failed to load ${entry}: ${errorMessage(error)}`);
    }
    const candidate = mod.plugin ?? mod.default;
    const parsed = v.safeParse(ModulePluginShape, candidate);
    if (!parsed.success) throw new UserError(`Plugin ${name} has an invalid module export in ${entry}:\n${v.summarize(parsed.issues)}`);
    return candidate as PluginDef;
  }

  private addCommands(plugin: LoadedPlugin): void {
    for (const command of plugin.def?.commands ?? []) {
      if (!this.commands.has(command.name)) this.commands.set(command.name, { plugin, command });
    }
  }
}

/** An external plugin is a module plugin when it ships `mod.js`, `mod.ts` or `mod.mjs`. */
async function findModuleEntry(dir: string): Promise<string | undefined> {
  for (const file of ["mod.js", "mod.mjs", "mod.ts"]) {
    if (await exists(join(dir, file), "file")) return join(dir, file);
  }
  return undefined;
}

/** Wraps an embedded core plugin definition. */
export function corePlugin(def: PluginDef, version: string): LoadedPlugin {
  return { name: def.name, kind: "core", description: def.description, version: def.version ?? version, def, config: {} };
}


