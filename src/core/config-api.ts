import type { Ctx } from "./context.ts";
import { DokkuError } from "./errors.ts";

/**
 * Reads config vars through the `config-export` trigger (reference 10.2), so builders never
 * touch the config plugin's files. `merged` = global then app; `global` = the global scope only.
 */
export async function readConfig(ctx: Ctx, app: string, scope: "app" | "merged" | "global"): Promise<Map<string, string>> {
  const text = await ctx.triggers.query("config-export", app, String(scope === "global"), String(scope === "merged"), "json");
  if (text.trim() === "") return new Map();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DokkuError(`config-export returned invalid JSON for ${app}`, { cause: error });
  }
  return new Map(Object.entries(parsed as Record<string, string>).map(([k, v]) => [k, String(v)]));
}

/** Config vars in the `config-export` FORMAT (`exports`, `envfile`, ...), ending with a newline when non-empty. */
export async function exportConfig(ctx: Ctx, app: string, scope: "app" | "merged" | "global", format: string): Promise<string> {
  const text = await ctx.triggers.query("config-export", app, String(scope === "global"), String(scope === "merged"), format);
  return text === "" || text.endsWith("\n") ? text : `${text}\n`;
}
