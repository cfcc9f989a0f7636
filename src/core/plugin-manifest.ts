import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as v from "valibot";
import { UserError, isNotFound } from "./errors.ts";
import { parseToml } from "./toml.ts";

/** `plugin.toml`: `[plugin] description, version` and an optional `[plugin.config]` table. */
const PluginToml = v.object({
  plugin: v.looseObject({
    description: v.optional(v.string(), ""),
    version: v.optional(v.union([v.string(), v.number()]), ""),
    config: v.optional(v.record(v.string(), v.union([v.string(), v.number(), v.boolean()])), {}),
  }),
});

export interface PluginManifest {
  description: string;
  version: string;
  /** `[plugin.config]` keys, exported to triggers as `CONFIG_<KEY>`. */
  config: Record<string, string>;
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
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(plugin.config)) config[key] = String(value);
  return { description: plugin.description, version: String(plugin.version), config };
}
