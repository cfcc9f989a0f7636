import type { Ctx } from "../../src/core/context.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { defineReportCommand } from "../../src/core/report-command.ts";
import { DEFAULTS, PS, PsProps } from "./schema.ts";
import { isDeployed, psProperty, schedulerOf } from "./state.ts";

/** One property as Dokku reports it: app value, `global-` stored value, `computed-` effective value. */
async function triple(ctx: Ctx, app: string, key: string, fallback: string): Promise<Record<string, string>> {
  return {
    [`--ps-${key}`]: (await ctx.props.get(PS, app, key)) ?? "",
    [`--ps-global-${key}`]: (await ctx.props.get(PS, GLOBAL, key)) ?? "",
    [`--ps-computed-${key}`]: await ctx.props.computed(PS, app, key, fallback),
  };
}

async function psValues(ctx: Ctx, app: string): Promise<Record<string, string>> {
  const scheduler = await schedulerOf(ctx, app);
  const [count = "0", running = "false"] = (await ctx.triggers.query("scheduler-app-status", scheduler, app)).trim().split(/\s+/);
  const values: Record<string, string> = {
    "--deployed": String(await isDeployed(ctx, app)),
    "--processes": count,
    "--running": running,
    "--restore": await psProperty(ctx, app, PsProps.restore),
    "--ps-can-scale": await psProperty(ctx, app, PsProps.canScale),
    "--ps-dockerfile-start-cmd": (await ctx.props.get(PS, app, PsProps.dockerfileStartCmd)) ?? "",
    ...(await triple(ctx, app, PsProps.procfilePath, DEFAULTS.procfilePath)),
    ...(await triple(ctx, app, PsProps.restartPolicy, DEFAULTS.restartPolicy)),
    ...(await triple(ctx, app, PsProps.stopTimeoutSeconds, DEFAULTS.stopTimeoutSeconds)),
    ...(await triple(ctx, app, PsProps.startCmd, "")),
  };
  // `web.1 running 03ea8977f37` lines from the scheduler: Dokku's `Status web 1: running (CID: ...)`.
  for (const line of (await ctx.triggers.query("scheduler-process-status", scheduler, app)).split("\n")) {
    const [dyno, state, id] = line.trim().split(/\s+/);
    if (dyno && state) values[`--status-${dyno}`] = id ? `${state} (CID: ${id.slice(0, 11)})` : state;
  }
  return values;
}

async function globalValues(ctx: Ctx): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const key of [PsProps.procfilePath, PsProps.restartPolicy, PsProps.stopTimeoutSeconds, PsProps.startCmd, PsProps.skipDeploy]) {
    out[`--ps-global-${key}`] = (await ctx.props.get(PS, GLOBAL, key)) ?? "";
  }
  return out;
}

export const psReport = defineReportCommand({ plugin: PS, values: psValues, globalValues });
