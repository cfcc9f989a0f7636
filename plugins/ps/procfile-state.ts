import { readConfig } from "../../src/core/config-api.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { type ExtractedFile, readExtracted } from "../../src/core/extracted-files.ts";
import { type ProcfileEntry, ProcfileError, expandCommand, parseProcfile } from "./procfile.ts";
import { PS } from "./schema.ts";

/** `LIB/data/ps/APP/Procfile`: the deployed Procfile, with this deploy's extracted copy beside it. */
export function procfileFile(ctx: Ctx, app: string): ExtractedFile {
  return { dir: ctx.paths.dataDir(PS, app), name: "Procfile" };
}

/** The Procfile this deploy (or the running release) uses; undefined when the app has none. */
export async function readProcfile(ctx: Ctx, app: string): Promise<ProcfileEntry[] | undefined> {
  const text = await readExtracted(ctx, procfileFile(ctx, app));
  if (text === undefined) return undefined;
  try {
    return parseProcfile(text);
  } catch (error) {
    if (error instanceof ProcfileError) throw new UserError(`Invalid Procfile: ${error.message}`);
    throw error;
  }
}

/** The command of PROC_TYPE with `$PORT` and the app's config expanded, as procfile-util shows it. */
export async function procfileCommand(ctx: Ctx, app: string, type: string, port: string): Promise<string | undefined> {
  const entry = (await readProcfile(ctx, app))?.find((e) => e.type === type);
  if (!entry) return undefined;
  const env = await readConfig(ctx, app, "merged");
  env.set("PORT", port);
  return expandCommand(entry.command, env);
}
