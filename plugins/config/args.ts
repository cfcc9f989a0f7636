import type { ArgsDef } from "citty";
import { appArg, globalArg } from "../../src/cli/shared-args.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { isValidEnvKey } from "./env-file.ts";
import type { EnvMap } from "./env-store.ts";
import { type ExportFormat, exportFormats, formatExport, prettyEntries } from "./export-formats.ts";

/** `<app>` or `--global`, shared by every config command. */
export const scopeArgs = { ...appArg, ...globalArg } as const satisfies ArgsDef;

export const mergedArg = {
  merged: { type: "boolean", description: "Include global variables (app values win)" },
} as const satisfies ArgsDef;

export const noRestartArg = {
  restart: { type: "boolean", description: "Use --no-restart to skip restarting the app", default: true },
} as const satisfies ArgsDef;

/** Splits positionals into the scope (`--global` or a verified app) and what follows it. */
export async function scopeAndRest(ctx: Ctx, args: { global?: boolean; _: unknown[] }): Promise<{ scope: string; rest: string[] }> {
  const rest = args._.map(String);
  if (args.global) return { scope: GLOBAL, rest };
  const app = rest.shift();
  // dokku-compat: Dokku's message when neither an app nor --global is given.
  if (!app) throw new UserError("Please specify an app or --global");
  return { scope: await ctx.apps.verify(app), rest };
}

/** Commands that take nothing after the scope reject extra words instead of ignoring them. */
export function noTrailing(rest: readonly string[]): void {
  if (rest.length > 0) throw new UserError(`Trailing argument(s): ${rest.map((a) => JSON.stringify(a)).join(" ")}`);
}

/** Dokku's key rule `^[a-zA-Z_][a-zA-Z0-9_]*$`; the message quotes the key JSON-style so it stays one line. */
export function assertKey(key: string): string {
  if (!isValidEnvKey(key)) throw new UserError(`Invalid key name: ${JSON.stringify(key)}`);
  return key;
}

/** `KEY=VALUE` words (split at the first `=`), all validated before anything is written. */
export function parsePairs(pairs: readonly string[], encoded: boolean): EnvMap {
  if (pairs.length === 0) throw new UserError("At least one env pair must be given");
  const out: EnvMap = new Map();
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq < 0) throw new UserError(`Invalid env pair: ${JSON.stringify(pair)} (expected KEY=VALUE)`);
    const key = assertKey(pair.slice(0, eq));
    const raw = pair.slice(eq + 1);
    out.set(key, assertNoNul(key, encoded ? decodeBase64(key, raw) : assertNoReplacementChar(key, raw)));
  }
  return out;
}

/**
 * argv reaches us already decoded, with any invalid UTF-8 byte turned into U+FFFD: a value that
 * holds one cannot be told from a corrupted one, so it is refused (`--encoded` can carry it).
 */
export function assertNoReplacementChar(key: string, value: string): string {
  if (value.includes("\uFFFD")) {
    throw new UserError(`Value for key ${key} is not valid UTF-8 text (invalid bytes or U+FFFD); use --encoded with base64 of UTF-8 text`);
  }
  return value;
}

/** An environment variable cannot hold NUL: stored, it would break every process started with it. */
export function assertNoNul(key: string, value: string): string {
  if (value.includes("\0")) throw new UserError(`Value for key ${key} contains a NUL byte, which an environment variable cannot hold`);
  return value;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict standard base64 (as Go's StdEncoding, which skips CR/LF), decoded as UTF-8. */
function decodeBase64(key: string, text: string): string {
  const compact = text.replace(/[\r\n]/g, "");
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) throw new UserError(`Invalid base64 value for key ${key}`);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(compact, "base64"));
  } catch {
    throw new UserError(`Base64 value for key ${key} does not decode to UTF-8 text`);
  }
}

/** Writes raw bytes to stdout (values must reach pipes unchanged: no added or merged newlines). */
export function writeOut(ctx: Ctx, text: string | Uint8Array): void {
  ctx.io.stdout.write(text);
}

/** `KEY:  value` rows indented 7 spaces, as `config:set` prints them; silent under --quiet. */
export function printEntries(ctx: Ctx, entries: EnvMap): void {
  if (ctx.log.quiet || entries.size === 0) return;
  writeOut(ctx, `${prettyEntries(entries).map((row) => `       ${row}`).join("\n")}\n`);
}

/** Validates a `--format` value (default `exports`), with Dokku's wording for unknown ones. */
export function parseExportFormat(format: string | undefined): ExportFormat {
  const value = format ?? "exports";
  if (!(exportFormats as readonly string[]).includes(value)) throw new UserError(`Unknown export format: ${value}`);
  return value as ExportFormat;
}

/**
 * `config:export` output: the format plus Dokku's suffix (a space after `shell`, else a newline).
 * An empty scope prints a bare newline in every format (Dokku's lone space for `shell` is dropped).
 */
export function exportText(entries: EnvMap, format: ExportFormat): string {
  const text = formatExport(entries, format);
  // dokku-compat: Dokku prints " " (no newline) for an empty `shell` export.
  if (format === "shell" && text === "") return "\n";
  return text + (format === "shell" ? " " : "\n");
}
