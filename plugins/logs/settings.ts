// logs:set, logs:report and what they drive: the json-file `max-size` of deploy and run
// containers (docker-args-process-deploy / -run fragments) and `logs-get-property`.
import { splitXargs } from "../../src/cli/ssh-command.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { type TriggerHandler } from "../../src/core/plugin.ts";
import { defineSetCommand } from "../../src/core/property-command.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { defineReportCommand } from "../../src/core/report-command.ts";
import { logDriverOf, maxSizeFragment } from "./log-driver.ts";
import { DEFAULT_MAX_SIZE, LOGS, LogsProps, MAX_SIZE, SETTABLE } from "./schema.ts";

export const logsSet = defineSetCommand({
  plugin: LOGS,
  description: "Set or clear a logs property for an app",
  settable: SETTABLE,
  validate(key, value) {
    if (key === LogsProps.maxSize && !MAX_SIZE.test(value)) {
      throw new UserError(`Invalid max-size value specified: ${value} (a number followed by k, m or g, or unlimited)`);
    }
    if (key === LogsProps.vectorSink) {
      // Not implemented: Dokku ships logs to the sink through a vector container it manages.
      throw new UserError("Setting vector-sink is not supported: log shipping with vector is not implemented in this version");
    }
  },
});

export const logsReport = defineReportCommand({
  plugin: LOGS,
  values: async (ctx, app) => {
    const global = await globalMaxSize(ctx);
    const own = (await ctx.props.get(LOGS, app, LogsProps.maxSize)) ?? "";
    return {
      "--logs-computed-max-size": own || global,
      "--logs-global-max-size": global,
      "--logs-global-vector-sink": (await ctx.props.get(LOGS, GLOBAL, LogsProps.vectorSink)) ?? "",
      "--logs-max-size": own,
      "--logs-vector-sink": (await ctx.props.get(LOGS, app, LogsProps.vectorSink)) ?? "",
    };
  },
});

async function globalMaxSize(ctx: Ctx): Promise<string> {
  return (await ctx.props.get(LOGS, GLOBAL, LogsProps.maxSize)) || DEFAULT_MAX_SIZE;
}

/** `max-size` for the app: its own value, else the global one, else 10m. */
export async function computedMaxSize(ctx: Ctx, app: string): Promise<string> {
  return (await ctx.props.get(LOGS, app, LogsProps.maxSize)) || (await globalMaxSize(ctx));
}

/** `logs-get-property APP max-size|vector-sink`: the computed value, for other schedulers. */
export const onLogsGetProperty: TriggerHandler<"logs-get-property"> = async (ctx, [app, property]) => {
  if (property === LogsProps.maxSize) return `${await computedMaxSize(ctx, app)}\n`;
  if (property === LogsProps.vectorSink) return `${(await ctx.props.computed(LOGS, app, property, ""))}\n`;
  throw new UserError(`Invalid logs property specified: ${property}`);
};

/** `docker-args-process-deploy APP SRC TAG PROC [INDEX]`: `--log-opt=max-size=` for deploy containers. */
export const onDockerArgsProcessDeploy: TriggerHandler<"docker-args-process-deploy"> = async (ctx, [app, , tag, proc, index]) =>
  logOptions(ctx, app, await ctx.triggers.query("docker-args-deploy", app, tag, proc, index));

/** `docker-args-process-run APP SRC TAG`: the same for one-off containers. */
export const onDockerArgsProcessRun: TriggerHandler<"docker-args-process-run"> = async (ctx, [app, , tag]) =>
  logOptions(ctx, app, await ctx.triggers.query("docker-args-run", app, tag));

/** The max-size fragment given the phase's default docker flags (which may pick a log driver). */
async function logOptions(ctx: Ctx, app: string, phaseArgs: string): Promise<string | undefined> {
  const maxSize = await computedMaxSize(ctx, app);
  if (maxSize === "unlimited") return undefined;
  const optionsDriver = logDriverOf(splitXargs(phaseArgs));
  // Without an answer from the daemon the app's options decide; the create that follows reports an unreachable daemon.
  const daemonDriver = optionsDriver ? undefined : await (await ctx.docker()).info().then((i) => i.loggingDriver, () => undefined);
  return maxSizeFragment(maxSize, optionsDriver, daemonDriver);
}
