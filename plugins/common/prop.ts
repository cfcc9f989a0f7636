import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { SilentExit, UserError } from "../../src/core/errors.ts";
import { ensureDir } from "../../src/core/fs-atomic.ts";
import { defineCommand } from "../../src/core/plugin.ts";

/** Property names and scopes: one path segment (a plugin's scope may be a service, not an app). */
const SEGMENT = /^(?!\.\.?$)[^/\0]+$/;

type Verb = (ctx: Ctx, plugin: string, words: string[]) => Promise<string | void>;

/**
 * Dokku's `common/prop` CLI as a hidden command: the verbs common/property-functions calls,
 * each on the binary's property store (atomic writes, the dokku user's ownership).
 * Usage: `dokku common:prop VERB PLUGIN [SCOPE [KEY [VALUE...]]]`.
 */
export const commonProp = defineCommand({
  name: "common:prop",
  description: "Property store for bash plugins (common/property-functions)",
  usage: "<verb> <plugin> [<scope> [<key> [<value>...]]]",
  hidden: true,
  verbatimArgs: true,
  async run(ctx, _args, raw) {
    const [verb = "", plugin = "", ...words] = raw;
    const run = VERBS[verb];
    if (!run) throw new UserError(`Invalid property verb: ${verb || "(none)"}; valid verbs: ${Object.keys(VERBS).sort().join(", ")}`);
    const output = await run(ctx, segment(plugin, "plugin"), words);
    if (output) ctx.io.stdout.write(output);
  },
});

const VERBS: Readonly<Record<string, Verb>> = {
  setup: async (ctx, plugin) => ensureDir(join(ctx.paths.libRoot, "config", plugin), { owner: ctx.props.owner }),
  set: async (ctx, plugin, [scope, key, value = ""]) => ctx.props.set(plugin, scopeOf(scope), keyOf(key), value),
  get: async (ctx, plugin, [scope, key]) => line(await ctx.props.get(plugin, scopeOf(scope), keyOf(key))),
  "get-with-default": async (ctx, plugin, [scope, key, fallback = ""]) => line((await ctx.props.get(plugin, scopeOf(scope), keyOf(key))) ?? fallback),
  "get-all": async (ctx, plugin, [scope]) =>
    Object.entries(await ctx.props.getAll(plugin, scopeOf(scope)))
      .map(([key, value]) => `${key} ${value.replace(/\n+$/, "")}\n`)
      .join(""),
  exists: async (ctx, plugin, [scope, key]) => {
    if (!(await ctx.props.exists(plugin, scopeOf(scope), keyOf(key)))) throw new SilentExit(1);
  },
  del: async (ctx, plugin, [scope, key]) => ctx.props.del(plugin, scopeOf(scope), keyOf(key)),
  destroy: async (ctx, plugin, [scope]) => {
    // dokku-compat: `_all_` removes the plugin's whole property tree (fn-plugin-property-destroy).
    if (scope === "_all_") await rm(join(ctx.paths.libRoot, "config", plugin), { recursive: true, force: true });
    else await ctx.props.destroy(plugin, scopeOf(scope));
  },
  clone: async (ctx, plugin, [from, to]) => ctx.props.clone(plugin, scopeOf(from), scopeOf(to)),
  lrange: async (ctx, plugin, [scope, key]) => lines(await ctx.props.lrange(plugin, scopeOf(scope), keyOf(key))),
  lindex: async (ctx, plugin, [scope, key, index]) => {
    const value = (await ctx.props.lrange(plugin, scopeOf(scope), keyOf(key)))[indexOf(index)];
    if (value === undefined) throw new UserError("Index out of range");
    return line(value);
  },
  llen: async (ctx, plugin, [scope, key]) => line(String((await ctx.props.lrange(plugin, scopeOf(scope), keyOf(key))).length)),
  lismember: async (ctx, plugin, [scope, key, value = ""]) => {
    if (!(await ctx.props.lrange(plugin, scopeOf(scope), keyOf(key))).includes(value)) throw new SilentExit(1);
  },
  rpush: async (ctx, plugin, [scope, key, value = "", index = "0"]) => ctx.props.rpush(plugin, scopeOf(scope), keyOf(key), value, indexOf(index)),
  lrem: async (ctx, plugin, [scope, key, value = ""]) => ctx.props.lrem(plugin, scopeOf(scope), keyOf(key), value),
  "lrem-by-prefix": async (ctx, plugin, [scope, key, prefix = ""]) => {
    const list = await ctx.props.lrange(plugin, scopeOf(scope), keyOf(key));
    await ctx.props.lwrite(plugin, scopeOf(scope), keyOf(key), list.filter((v) => !v.startsWith(prefix)));
  },
  lset: async (ctx, plugin, [scope, key, index, value = ""]) => {
    const list = await ctx.props.lrange(plugin, scopeOf(scope), keyOf(key));
    const at = indexOf(index);
    if (at >= list.length) throw new UserError("Index out of range");
    list[at] = value;
    await ctx.props.lwrite(plugin, scopeOf(scope), keyOf(key), list);
  },
  lwrite: async (ctx, plugin, [scope, key, ...values]) => ctx.props.lwrite(plugin, scopeOf(scope), keyOf(key), values),
};

function segment(value: string | undefined, what: string): string {
  if (!value || !SEGMENT.test(value)) throw new UserError(`Invalid ${what} name: ${JSON.stringify(value ?? "")}`);
  return value;
}

const scopeOf = (value: string | undefined) => segment(value, "app");
const keyOf = (value: string | undefined) => segment(value, "property");

function indexOf(value: string | undefined): number {
  if (!value || !/^\d+$/.test(value)) throw new UserError(`Invalid index: ${JSON.stringify(value ?? "")}`);
  return Number(value);
}

const line = (value: string | undefined) => (value === undefined || value === "" ? "" : `${value.replace(/\n$/, "")}\n`);
const lines = (values: readonly string[]) => values.map((v) => `${v}\n`).join("");
