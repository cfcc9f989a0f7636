import { appArg, globalArg } from "../cli/shared-args.ts";
import type { Ctx } from "./context.ts";
import { UserError } from "./errors.ts";
import { type DokkuCommand, defineCommand } from "./plugin.ts";
import { GLOBAL } from "./props.ts";

/** Which keys a `PLUGIN:set` command accepts, and which of them may be set with `--global`. */
export interface SettableProperties {
  readonly keys: readonly string[];
  readonly global: readonly string[];
}

/**
 * Dokku's `CommandPropertySet` (common/properties.go): `PLUGIN:set APP|--global KEY [VALUE]`.
 * An empty value unsets. Returns what was written so callers can fire their follow-up triggers.
 */
export async function setPropertyCommand(
  ctx: Ctx,
  plugin: string,
  positionals: readonly string[],
  isGlobal: boolean,
  settable: SettableProperties,
): Promise<{ scope: string; key: string; value: string }> {
  const rest = [...positionals];
  const scope = isGlobal ? GLOBAL : await ctx.apps.verify(rest.shift());
  const [key = "", value = ""] = rest;
  if (scope === GLOBAL && key !== "" && !settable.global.includes(key)) throw new UserError("Property cannot be specified globally");
  if (key === "") throw new UserError("No property specified");
  if (!settable.keys.includes(key)) {
    throw new UserError(`Invalid property specified, valid properties include: ${[...settable.keys].sort().join(", ")}`);
  }
  if (value === "") {
    ctx.log.header(`Unsetting ${key}`);
    await ctx.props.del(plugin, scope, key);
  } else {
    ctx.log.header(`Setting ${key} to ${value}`);
    await ctx.props.set(plugin, scope, key, value);
  }
  return { scope, key, value };
}

export interface SetCommandOptions {
  /** Property namespace: the command is `<plugin>:set`. */
  plugin: string;
  description: string;
  settable: SettableProperties;
  /**
   * Refuses a bad value with a UserError. Called for non-empty values only (an empty one unsets)
   * and, unless `appFirst`, before the app is looked up, so a bad value is named even for an
   * unknown app. `global` is true for `--global`.
   */
  validate?: (key: string, value: string, global: boolean) => void;
  /** Looks the app up before the value is checked: an unknown app is named first. */
  appFirst?: boolean;
}

/** A plain `PLUGIN:set APP|--global KEY [VALUE]` command: checked, then written by setPropertyCommand. */
const setArgs = { ...appArg, ...globalArg } as const;

export function defineSetCommand({ plugin, description, settable, validate, appFirst }: SetCommandOptions): DokkuCommand<typeof setArgs> {
  return defineCommand({
    name: `${plugin}:set`,
    description,
    usage: "<app>|--global <key> [<value>]",
    args: setArgs,
    async run(ctx, args) {
      const positionals = args._.map(String);
      if (appFirst && !args.global) await ctx.apps.verify(positionals[0]);
      const [key = "", value = ""] = args.global ? positionals : positionals.slice(1);
      if (value !== "") validate?.(key, value, Boolean(args.global));
      await setPropertyCommand(ctx, plugin, positionals, Boolean(args.global), settable);
    },
  });
}
