import type { Ctx } from "../../src/core/context.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { DEFAULT_STOP_TIMEOUT_SECONDS, DEFAULT_WAIT_TO_RETIRE, SCHEDULER_DOCKER_LOCAL, SdlProps } from "./schema.ts";

/**
 * Settings the scheduler reads from other plugins, through their triggers when one answers (and
 * Dokku's defaults when none does), and its own properties.
 */

async function askTrigger(ctx: Ctx, name: "ps-get-property" | "checks-get-property" | "network-get-property", app: string, key: string): Promise<string | undefined> {
  if (!(await ctx.triggers.exists(name))) return undefined;
  return (await ctx.triggers.query(name, app, key)).trim();
}

function wholeNumber(text: string | undefined, fallback: number): number {
  return text !== undefined && /^[0-9]+$/.test(text) ? Number(text) : fallback;
}

/** `ps stop-timeout-seconds` (computed), Dokku's 30 by default. */
export async function stopTimeout(ctx: Ctx, app: string): Promise<number> {
  return wholeNumber(await askTrigger(ctx, "ps-get-property", app, "stop-timeout-seconds"), DEFAULT_STOP_TIMEOUT_SECONDS);
}

/** `ps restart-policy` (computed), Dokku's `on-failure:10` by default. */
export async function restartPolicy(ctx: Ctx, app: string): Promise<string> {
  return (await askTrigger(ctx, "ps-get-property", app, "restart-policy")) || "on-failure:10";
}

/** checks `wait-to-retire` (app, else global, else 60) through `checks-get-property`. */
export async function waitToRetire(ctx: Ctx, app: string): Promise<number> {
  return wholeNumber(await askTrigger(ctx, "checks-get-property", app, "wait-to-retire"), DEFAULT_WAIT_TO_RETIRE);
}

/** True when zero-downtime checks are disabled for the process type (`checks:disable`). */
export async function checksDisabled(ctx: Ctx, app: string, type: string): Promise<boolean> {
  const list = (await askTrigger(ctx, "checks-get-property", app, "disabled")) ?? "";
  const types = list.split(",").map((t) => t.trim());
  return types.includes("_all_") || types.includes(type);
}

/** A network property (computed) through `network-get-property`. */
export async function networkProperty(ctx: Ctx, app: string, key: string): Promise<string> {
  return (await askTrigger(ctx, "network-get-property", app, key)) ?? "";
}

/** Our own property: app value, else global, else undefined. */
export async function ownProperty(ctx: Ctx, app: string, key: string): Promise<string | undefined> {
  return (await ctx.props.get(SCHEDULER_DOCKER_LOCAL, app, key)) || (await ctx.props.get(SCHEDULER_DOCKER_LOCAL, GLOBAL, key)) || undefined;
}

/** `parallel-schedule-count`: process types (after web) rolled out at once, default 1. */
export async function parallelScheduleCount(ctx: Ctx, app: string): Promise<number> {
  return Math.max(1, wholeNumber(await ownProperty(ctx, app, SdlProps.parallelScheduleCount), 1));
}
