import { randomBytes } from "node:crypto";
import { readConfig } from "../../src/core/config-api.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import type { AppJson } from "./schema.ts";

/**
 * app.json `env` (reference 10.5): on the first deploy, missing variables get their default or a
 * generated secret; `sync: true` values are written on every deploy; a required variable with no
 * value and no default stops the deploy. Set without a restart (the deploy is about to start).
 */
export async function applyAppJsonEnv(ctx: Ctx, app: string, json: AppJson, firstDeploy: boolean): Promise<void> {
  const entries = Object.entries(json.env ?? {});
  if (entries.length === 0) return;
  ctx.log.step("Processing app.json env vars");
  const current = await readConfig(ctx, app, "app");
  const pairs: string[] = [];
  for (const [key, entry] of entries) {
    const spec = typeof entry === "string" ? { value: entry } : entry;
    const sync = spec.sync === true && spec.value !== undefined;
    if (current.has(key) && !sync) continue;
    if (!firstDeploy && !sync) continue;
    let value = spec.value;
    if (value === undefined && spec.generator === "secret") value = randomBytes(32).toString("hex");
    if (value === undefined) {
      if (spec.required === false) continue;
      throw new UserError(`Missing required app.json env var ${key}${spec.description ? ` (${spec.description})` : ""}: set it with 'dokku config:set ${app} ${key}=...'`);
    }
    if (current.get(key) === value) continue;
    pairs.push(`${key}=${Buffer.from(value).toString("base64")}`);
  }
  if (pairs.length > 0) await ctx.triggers.run("config-set", ["--no-restart", "--encoded", app, ...pairs], { stream: false });
}
