import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { COMMON, DEFAULTS, DEPLOYED, PS, PsProps } from "./schema.ts";

/** True once a deploy of the app finished (`common deployed`, which community plugins read too). */
export async function isDeployed(ctx: Ctx, app: string): Promise<boolean> {
  return (await ctx.props.get(COMMON, app, DEPLOYED)) === "true";
}

const COMPUTED: Readonly<Record<string, string>> = {
  [PsProps.restartPolicy]: DEFAULTS.restartPolicy,
  [PsProps.stopTimeoutSeconds]: DEFAULTS.stopTimeoutSeconds,
  [PsProps.procfilePath]: DEFAULTS.procfilePath,
  [PsProps.skipDeploy]: "false",
  [PsProps.startCmd]: "",
};

/** `ps-get-property` values: app value, else global, else the default (reference 7.6). */
export async function psProperty(ctx: Ctx, app: string, property: string): Promise<string> {
  if (property === DEPLOYED) return String(await isDeployed(ctx, app));
  if (property === PsProps.restore) return (await ctx.props.get(PS, app, PsProps.restore)) === "false" ? "false" : "true";
  if (property === PsProps.canScale) return (await ctx.props.get(PS, app, PsProps.canScale)) === "false" ? "false" : "true";
  if (property === PsProps.dockerfileStartCmd) return (await ctx.props.get(PS, app, property)) ?? "";
  const fallback = COMPUTED[property];
  if (fallback === undefined) throw new UserError(`Invalid ps property specified: ${property}`);
  return ctx.props.computed(PS, app, property, fallback);
}

/**
 * Rolls the app's current release out again (zero downtime), optionally only one process type:
 * the `deploy` trigger, which the scheduler plugins answer.
 */
export async function deployApp(ctx: Ctx, app: string, procType?: string): Promise<void> {
  await ctx.triggers.notify("deploy", app, undefined, procType);
}

/** The app's scheduler (`scheduler-detect`), docker-local by default. */
export async function schedulerOf(ctx: Ctx, app: string): Promise<string> {
  return (await ctx.triggers.query("scheduler-detect", app)).trim() || "docker-local";
}
