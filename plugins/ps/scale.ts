import { withAppLock } from "../../src/core/app-lock.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { type Formation, parseScaleArgs, readFormation, writeFormation } from "./formation.ts";
import { readProcfile } from "./procfile-state.ts";
import { PS, PsProps } from "./schema.ts";
import { deployApp, isDeployed } from "./state.ts";

export interface ScaleOptions {
  skipDeploy: boolean;
  /** Replace the whole formation (app.json) instead of updating the given types. */
  clearExisting: boolean;
  /** ps:scale refuses to scale up a type the Procfile lacks; app.json formations are taken as given. */
  checkProcfile: boolean;
}

/**
 * Writes the new formation, then (when deployed and not skipped) deploys every given type in
 * turn under the app's lock, as Dokku's `ps:scale` does.
 */
export async function scaleApp(ctx: Ctx, app: string, tuples: readonly string[], options: ScaleOptions): Promise<Formation> {
  const wanted = parseScaleArgs(tuples);
  if (options.checkProcfile) {
    const types = (await readProcfile(ctx, app))?.map((e) => e.type);
    for (const [type, count] of wanted) {
      // Without a Procfile only `web` exists (the image's own command).
      const known = types ? types.includes(type) : type === "web";
      if (count > 0 && !known) throw new UserError(`${type} is not a valid process name to scale up`);
    }
  }
  return withAppLock(ctx, app, "ps:scale", "waiting", async () => {
    const formation: Formation = options.clearExisting ? new Map() : await readFormation(ctx, app);
    for (const [type, count] of wanted) formation.set(type, count);
    await writeFormation(ctx, app, formation);
    await ctx.props.del(PS, app, PsProps.scaleOld);
    if (!options.skipDeploy && (await isDeployed(ctx, app))) {
      for (const type of wanted.keys()) await deployApp(ctx, app, type);
    }
    return formation;
  });
}
