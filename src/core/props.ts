import { cp, readFile, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { UserError, isNotFound } from "./errors.ts";
import { type Ownership, chownTree, ensureDir, writeFileAtomic } from "./fs-atomic.ts";
import { removeTree } from "./remove-tree.ts";
import type { Paths } from "./paths.ts";

/** The scope Dokku uses for host-wide values. */
export const GLOBAL = "--global";

/**
 * Dokku's property store (common/properties.go): one file per value under
 * `LIB/config/<plugin>/<app|--global>/<key>`. Scalars are raw text with no added newline;
 * lists are one value per line. Writes are atomic; typed reads fail loudly on corrupt values.
 */
export class PropertyStore {
  constructor(
    private readonly paths: Paths,
    /** Owner for files other stores write beside the properties (e.g. the config plugin's ENV). */
    readonly owner?: Ownership,
  ) {}

  file(plugin: string, scope: string, key: string): string {
    assertSegment(key, "property");
    assertSegment(scope, "scope");
    return join(this.paths.propertyDir(plugin, scope), key);
  }

  /** The raw value, or undefined when the property is unset (absent file). */
  async get(plugin: string, scope: string, key: string): Promise<string | undefined> {
    try {
      return await readFile(this.file(plugin, scope, key), "utf8");
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async getOr(plugin: string, scope: string, key: string, fallback: string): Promise<string> {
    return (await this.get(plugin, scope, key)) ?? fallback;
  }

  /** App value if non-empty, else global value if non-empty, else the fallback. */
  async computed(plugin: string, app: string, key: string, fallback: string): Promise<string> {
    const local = await this.get(plugin, app, key);
    if (local) return local;
    const global = await this.get(plugin, GLOBAL, key);
    return global || fallback;
  }

  async getBool(plugin: string, scope: string, key: string): Promise<boolean | undefined> {
    const raw = await this.get(plugin, scope, key);
    if (raw === undefined || raw === "") return undefined;
    const text = raw.trim();
    if (text === "true") return true;
    if (text === "false") return false;
    throw corrupt(plugin, scope, key, "true or false", raw);
  }

  async getInt(plugin: string, scope: string, key: string): Promise<number | undefined> {
    const raw = await this.get(plugin, scope, key);
    if (raw === undefined || raw === "") return undefined;
    if (!/^-?\d+$/.test(raw.trim())) throw corrupt(plugin, scope, key, "an integer", raw);
    return Number(raw.trim());
  }

  async set(plugin: string, scope: string, key: string, value: string): Promise<void> {
    await this.setup(plugin, scope);
    await writeFileAtomic(this.file(plugin, scope, key), value, { mode: 0o600, owner: this.owner });
  }

  async del(plugin: string, scope: string, key: string): Promise<void> {
    await rm(this.file(plugin, scope, key), { force: true });
  }

  async exists(plugin: string, scope: string, key: string): Promise<boolean> {
    return (await this.get(plugin, scope, key)) !== undefined;
  }

  /** Every property of one scope, keyed by property name. */
  async getAll(plugin: string, scope: string): Promise<Record<string, string>> {
    const dir = this.paths.propertyDir(plugin, scope);
    const out: Record<string, string> = {};
    for (const name of await listNames(dir)) {
      if (name.startsWith(".")) continue;
      const value = await this.get(plugin, scope, name);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }

  async lrange(plugin: string, scope: string, key: string): Promise<string[]> {
    const raw = await this.get(plugin, scope, key);
    if (raw === undefined || raw === "") return [];
    return raw.split("\n").filter((line, i, all) => !(line === "" && i === all.length - 1));
  }

  async lwrite(plugin: string, scope: string, key: string, values: readonly string[]): Promise<void> {
    await this.set(plugin, scope, key, values.map((v) => `${v}\n`).join(""));
  }

  /** Inserts before the 1-based `index` (0 or out of range appends), as Dokku's rpush. */
  async rpush(plugin: string, scope: string, key: string, value: string, index = 0): Promise<void> {
    const list = await this.lrange(plugin, scope, key);
    if (index > 0 && index <= list.length) list.splice(index - 1, 0, value);
    else list.push(value);
    await this.lwrite(plugin, scope, key, list);
  }

  async lrem(plugin: string, scope: string, key: string, value: string): Promise<void> {
    const list = await this.lrange(plugin, scope, key);
    const kept = list.filter((v) => v !== value);
    if (kept.length === list.length) throw new UserError("Property not found, nothing was removed");
    await this.lwrite(plugin, scope, key, kept);
  }

  async setup(plugin: string, scope: string): Promise<void> {
    await ensureDir(join(this.paths.libRoot, "config", plugin), { owner: this.owner });
    await ensureDir(this.paths.propertyDir(plugin, scope), { owner: this.owner });
  }

  /** Copies every property of `from` to `to` (apps:clone, apps:rename). */
  async clone(plugin: string, from: string, to: string): Promise<void> {
    const source = this.paths.propertyDir(plugin, from);
    if ((await listNames(source)).length === 0) return;
    await this.setup(plugin, to);
    await cp(source, this.paths.propertyDir(plugin, to), { recursive: true, force: true });
    await chownTree(this.paths.propertyDir(plugin, to), this.owner);
  }

  /** rm -rf of the scope; what a permission failure kept is moved aside and its path returned. */
  async destroy(plugin: string, scope: string): Promise<string | undefined> {
    return removeTree(this.paths.propertyDir(plugin, scope));
  }
}

/** Rejects names that would leave their directory (`..`, `/`, NUL). */
function assertSegment(name: string, what: string): void {
  if (name === "" || name === "." || name === ".." || name.includes("/") || name.includes("\0")) {
    throw new UserError(`Invalid ${what} name "${name}"`);
  }
}

function corrupt(plugin: string, scope: string, key: string, expected: string, raw: string): UserError {
  const where = scope === GLOBAL ? "globally" : `for app "${scope}"`;
  return new UserError(`Cannot read property "${plugin}.${key}" ${where}: expected ${expected}, received ${JSON.stringify(raw)}`);
}

async function listNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}
