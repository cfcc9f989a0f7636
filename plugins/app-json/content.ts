import * as v from "valibot";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { type ExtractedFile, readExtracted } from "../../src/core/extracted-files.ts";
import { APP_JSON, AppJson } from "./schema.ts";

/** `LIB/data/app-json/APP/app.json`, with this deploy's extracted copy beside it. */
export function appJsonFile(ctx: Ctx, app: string): ExtractedFile {
  return { dir: ctx.paths.dataDir(APP_JSON, app), name: "app.json" };
}

/** Parses and checks app.json text; an error names the key, never echoes the file. */
export function parseAppJson(text: string): AppJson {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // The parser's message quotes the offending token, which may be a secret: say only what is wrong.
    throw new UserError("Invalid app.json file: not valid JSON");
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw new UserError("Invalid app.json file: the top level must be an object");
  const result = v.safeParse(AppJson, data);
  if (!result.success) {
    const issue = result.issues[0];
    const path = v.getDotPath(issue);
    throw new UserError(`Invalid app.json file: ${path ? `${path}: ` : ""}${issue.message}`);
  }
  return result.output;
}

/** The app.json this deploy (or the running release) uses, as text; undefined when absent. */
export function readAppJsonText(ctx: Ctx, app: string): Promise<string | undefined> {
  return readExtracted(ctx, appJsonFile(ctx, app));
}

export async function readAppJson(ctx: Ctx, app: string): Promise<AppJson> {
  const text = await readAppJsonText(ctx, app);
  return text === undefined ? {} : parseAppJson(text);
}
