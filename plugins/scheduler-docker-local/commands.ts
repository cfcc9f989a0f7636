import { setTimeout as delay } from "node:timers/promises";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { defineSetCommand } from "../../src/core/property-command.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { defineReportCommand } from "../../src/core/report-command.ts";
import { retireDue } from "./retire.ts";
import { SCHEDULER_DOCKER_LOCAL, SETTABLE, SHM_SIZE, SdlProps } from "./schema.ts";

export const sdlSet = defineSetCommand({ plugin: SCHEDULER_DOCKER_LOCAL, description: "Set or clear a scheduler-docker-local property for an app or globally", settable: SETTABLE, validate });

function validate(key: string, value: string): void {
  if (key === SdlProps.initProcess && value !== "true" && value !== "false") throw new UserError(`Invalid value for ${key}: ${value} (true or false)`);
  if (key === SdlProps.parallelScheduleCount && (!/^[0-9]+$/.test(value) || Number(value) < 1 || Number(value) > 100)) {
    throw new UserError(`Invalid value for ${key}: ${value} (a whole number from 1 to 100)`);
  }
  if (key === SdlProps.shmSize && !SHM_SIZE.test(value)) throw new UserError(`Invalid value for ${key}: ${value} (e.g. 64m)`);
}

const DEFAULTS: Readonly<Record<string, string>> = {
  [SdlProps.initProcess]: "true",
  [SdlProps.parallelScheduleCount]: "1",
  [SdlProps.shmSize]: "",
};

async function reportValues(ctx: Ctx, app: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const key of SETTABLE.keys) {
    const own = (await ctx.props.get(SCHEDULER_DOCKER_LOCAL, app, key)) ?? "";
    const global = (await ctx.props.get(SCHEDULER_DOCKER_LOCAL, GLOBAL, key)) ?? "";
    out[`--scheduler-docker-local-${key}`] = own;
    out[`--scheduler-docker-local-global-${key}`] = global;
    out[`--scheduler-docker-local-computed-${key}`] = own || global || DEFAULTS[key]!;
  }
  return out;
}

async function globalValues(ctx: Ctx): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const key of SETTABLE.keys) out[`--scheduler-docker-local-global-${key}`] = (await ctx.props.get(SCHEDULER_DOCKER_LOCAL, GLOBAL, key)) ?? "";
  return out;
}

export const sdlReport = defineReportCommand({ plugin: SCHEDULER_DOCKER_LOCAL, values: reportValues, globalValues });

/**
 * `scheduler-docker-local:retire APP SECONDS` (hidden): the detached process a deploy starts to
 * retire its old containers once `wait-to-retire` has passed (see retire.ts). It holds no lock:
 * it only touches containers already queued for retirement.
 */
export const sdlRetire = defineCommand({
  name: "scheduler-docker-local:retire",
  description: "Retires an app's old containers after a delay (started by deploys)",
  hidden: true,
  async run(ctx, _args, raw) {
    const [app, seconds = "0"] = raw;
    const name = await ctx.apps.verify(app);
    if (!/^[0-9]+$/.test(seconds)) throw new UserError(`Invalid delay: ${seconds}`);
    // The retirement delay itself (wait-to-retire), not a sleep on any deploy's path.
    await delay(Number(seconds) * 1000);
    await retireDue(ctx, await ctx.docker(), name);
  },
});
