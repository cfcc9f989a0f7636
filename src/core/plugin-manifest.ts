import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as v from "valibot";
import { UserError, isNotFound } from "./errors.ts";
import { printable, quoted } from "./terminal-text.ts";
import { parseToml } from "./toml.ts";

/** `plugin.toml`: `[plugin] description, version` and an optional `[plugin.config]` table. */
const PluginToml = v.object({
  plugin: v.looseObject({
    description: v.optional(v.string(), ""),
    version: v.optional(v.union([v.string(), v.number()]), ""),
    config: v.optional(v.record(v.string(), v.union([v.string(), v.number(), v.boolean()])), {}),
  }),
});

/** `[plugin.config]` keys become `CONFIG_<KEY>` shell variables, so they must be variable names. */
const CONFIG_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface PluginManifest {
  /** One printable line (control characters removed): it is shown by `plugin:list` and `help`. */
  description: string;
  /** One printable line, as `description`. */
  version: string;
  /** The valid `[plugin.config]` entries, exported to triggers as `CONFIG_<KEY>`. */
  config: Record<string, string>;
  /** Entries of `[plugin.config]` that were left out, one message each (install refuses them). */
  problems: string[];
}

/** Reads `<dir>/plugin.toml`; `undefined` when the file is absent, an error when it is malformed. */
export async function readManifest(dir: string): Promise<PluginManifest | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, "plugin.toml"), "utf8");
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  const parsed = v.safeParse(PluginToml, parseToml(text, `${dir}/plugin.toml`));
  if (!parsed.success) throw new UserError(`Cannot read ${dir}/plugin.toml:\n${v.summarize(parsed.issues)}`);
  const plugin = parsed.output.plugin;
  const { config, problems } = checkConfig(plugin.config);
  return { description: printable(plugin.description), version: printable(String(plugin.version)), config, problems };
}

/** Keeps the entries that can be exported: a variable name for a key, no NUL in the value. */
function checkConfig(table: Readonly<Record<string, string | number | boolean>>): Pick<PluginManifest, "config" | "problems"> {
  const config: Record<string, string> = {};
  const problems: string[] = [];
  for (const [key, raw] of Object.entries(table)) {
    const value = String(raw);
    if (!CONFIG_KEY.test(key)) problems.push(`[plugin.config] key ${quoted(key)} is not a valid variable name (letters, digits and _, not starting with a digit)`);
    else if (value.includes("\0")) problems.push(`[plugin.config] value of ${key} contains a NUL byte`);
    else config[key] = value;
  }
  return { config, problems };
}
