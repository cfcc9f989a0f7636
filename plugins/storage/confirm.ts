import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";

/** Dokku's destructive-action prompt: the user types the name back, or nothing happens. */
export async function confirmDestroy(ctx: Ctx, kind: string, name: string): Promise<void> {
  // dokku-compat: Dokku's confirmation prompt and messages (AskForDestructiveConfirmation).
  ctx.log.warn("WARNING: Potentially Destructive Action");
  ctx.log.warn(`This command will destroy ${kind} ${name}.`);
  ctx.log.warn(`To proceed, type "${name}"`);
  ctx.io.stdout.write("> ");
  const answer = (await ctx.io.readLine()).trim().split(/\s+/)[0] ?? "";
  ctx.io.stdout.write("\n");
  if (answer !== name) throw new UserError("Confirmation did not match test. Aborted.");
}

/** Values of a repeatable `--flag value` / `--flag=value` in raw argv (citty keeps only one). */
export function repeated(raw: readonly string[], flag: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === "--") break;
    if (raw[i] === flag && raw[i + 1] !== undefined) out.push(raw[++i]!);
    else if (raw[i]!.startsWith(`${flag}=`)) out.push(raw[i]!.slice(flag.length + 1));
  }
  return out;
}

/** `key=value` pairs of --label/--annotation into a map; keys must be non-empty and single-line. */
export function keyValues(pairs: readonly string[], flag: string): Record<string, string> | undefined {
  if (pairs.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0 || /[\s]/.test(pair.slice(0, eq)) || /[\r\n]/.test(pair)) throw new UserError(`Invalid ${flag} value ${JSON.stringify(pair)}: expected key=value`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** `--format text|json` (stdout is accepted as text). */
export function textOrJson(format: unknown): "text" | "json" {
  if (format === undefined || format === "" || format === "text" || format === "stdout") return "text";
  if (format === "json") return "json";
  throw new UserError(`Invalid --format value specified: ${String(format)}`);
}
