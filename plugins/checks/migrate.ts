import { readConfig } from "../../src/core/config-api.ts";
import type { Ctx } from "../../src/core/context.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { ALL, CHECKS, ChecksProps, type SettableKey } from "./schema.ts";
import { checkValue, parseList } from "./settings.ts";

/** Old config variables and the property each became (reference 8.1). */
const RENAMED: readonly (readonly [string, SettableKey | "disabled" | "skipped"])[] = [
  ["DOKKU_CHECKS_DISABLED", ChecksProps.disabled],
  ["DOKKU_CHECKS_SKIPPED", ChecksProps.skipped],
  ["DOKKU_WAIT_TO_RETIRE", ChecksProps.waitToRetire],
  ["DOKKU_CHECKS_WAIT", ChecksProps.wait],
  ["DOKKU_CHECKS_TIMEOUT", ChecksProps.timeout],
  ["DOKKU_CHECKS_ATTEMPTS", ChecksProps.attempts],
  ["DOKKU_DEFAULT_CHECKS_WAIT", ChecksProps.defaultWait],
];

/** Even older switches that meant "skip every check". */
const SKIP_ALL = ["DOKKU_SKIP_ALL_CHECKS", "DOKKU_SKIP_DEFAULT_CHECKS"] as const;
const ENABLED = "DOKKU_CHECKS_ENABLED";

/**
 * `install`: moves the DOKKU_CHECKS_* config variables of every app (and the global ones) into the
 * checks properties, then unsets them. A property already set wins over the variable; a value the
 * property would refuse is left in the config with a warning rather than dropped.
 */
export const onInstall: TriggerHandler<"install"> = async (ctx) => {
  for (const scope of [GLOBAL, ...(await ctx.apps.list())]) await migrateScope(ctx, scope);
};

async function migrateScope(ctx: Ctx, scope: string): Promise<void> {
  const vars = await readConfig(ctx, scope, scope === GLOBAL ? "global" : "app");
  const done: string[] = [];
  for (const [name, key] of RENAMED) {
    const value = vars.get(name);
    if (value === undefined) continue;
    if (!(await store(ctx, scope, key, value))) {
      ctx.log.warn(`Not migrating ${name}=${JSON.stringify(value)} (${scope === GLOBAL ? "global" : scope}): not a valid ${key} value`);
      continue;
    }
    done.push(name);
  }
  const skipAll = SKIP_ALL.filter((name) => vars.has(name));
  if (skipAll.some((name) => vars.get(name) === "true") || vars.get(ENABLED) === "0") {
    if (scope !== GLOBAL) await store(ctx, scope, ChecksProps.skipped, ALL);
  }
  done.push(...skipAll, ...(vars.has(ENABLED) ? [ENABLED] : []));
  if (done.length === 0) return;
  ctx.log.step(`Migrated zero downtime settings of ${scope === GLOBAL ? "the host" : `app (${scope})`}: ${done.join(", ")}`);
  if (scope === GLOBAL) await ctx.triggers.notify("config-unset", "--global", ...done);
  else await ctx.triggers.notify("config-unset", scope, ...done);
}

/** Writes the property unless it is already set; false when the value is not one it accepts. */
async function store(ctx: Ctx, scope: string, key: SettableKey | "disabled" | "skipped", value: string): Promise<boolean> {
  if (key === ChecksProps.disabled || key === ChecksProps.skipped) {
    if (scope === GLOBAL) return true; // lists are per app; a global one never had an effect
    const list = parseList(value);
    if (list.length > 0 && !(await ctx.props.exists(CHECKS, scope, key))) await ctx.props.set(CHECKS, scope, key, list.join(","));
    return true;
  }
  if (checkValue(key, value.trim())) return false;
  if (!(await ctx.props.exists(CHECKS, scope, key))) await ctx.props.set(CHECKS, scope, key, value.trim());
  return true;
}
