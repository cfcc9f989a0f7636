/**
 * `config:export --format F` renderers (Dokku 0.38). Pure: entries in, text out, no trailing
 * newline (the command adds one).
 */
import { formatEnvFile } from "./env-file.ts";

/** Every `--format` value `config:export` accepts. */
export type ExportFormat =
  | "exports"
  | "envfile"
  | "docker-args"
  | "docker-args-keys"
  | "shell"
  | "pretty"
  | "json"
  | "json-list"
  | "pack-keys";

/** The accepted formats, in Dokku's documented order (for validation and help text). */
export const exportFormats: readonly ExportFormat[] = [
  "exports",
  "envfile",
  "docker-args",
  "docker-args-keys",
  "shell",
  "pretty",
  "json",
  "json-list",
  "pack-keys",
];

type Pair = readonly [string, string];

function sortedPairs(entries: Map<string, string>): Pair[] {
  return [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `'…'` shell quoting; a `'` inside closes, emits an escaped quote, and reopens. */
function singleQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

function assignments(pairs: Pair[], prefix: string, separator: string): string {
  return pairs.map(([k, v]) => `${prefix}${k}=${singleQuote(v)}`).join(separator);
}

// Go's strings.TrimSpace set (unicode.IsSpace); JS trim() differs on U+0085 and U+FEFF.
const GO_SPACE = "[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const GO_TRIM = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, "g");

/** Two columns like ryanuber/columnize: `KEY:` padded to the widest, two spaces, then the value. */
function pretty(pairs: Pair[]): string {
  return prettyRows(pairs).join("\n");
}

function prettyRows(pairs: Pair[]): string[] {
  const labels = pairs.map(([k]) => `${k}:`);
  const width = Math.max(0, ...labels.map((l) => [...l].length));
  return pairs.map(([, v], i) => {
    const label = labels[i]!;
    // dokku-compat: columnize trims each cell, so surrounding blanks/newlines of values vanish.
    return `${label}${" ".repeat(width - [...label].length)}  ${v.replace(GO_TRIM, "")}`;
  });
}

/** The `pretty` rows one per entry (sorted by key), for callers that indent each entry. */
export function prettyEntries(entries: Map<string, string>): string[] {
  return prettyRows(sortedPairs(entries));
}

/** Renders `entries` (sorted by key) in the given `config:export` format, without final newline. */
export function formatExport(entries: Map<string, string>, format: ExportFormat): string {
  const pairs = sortedPairs(entries);
  switch (format) {
    case "exports":
      return assignments(pairs, "export ", "\n");
    case "envfile":
      return formatEnvFile(entries).replace(/\n$/, "");
    case "docker-args":
      return assignments(pairs, "--env=", " ");
    case "docker-args-keys":
      return pairs.map(([k]) => `--env=${k}`).join(" ");
    case "shell":
      return assignments(pairs, "", " ");
    case "pretty":
      return pretty(pairs);
    case "json":
      // Built by hand so key order is guaranteed (JS objects hoist integer-like keys first).
      return `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(",")}}`;
    case "json-list":
      return JSON.stringify(pairs.map(([name, value]) => ({ name, value })));
    case "pack-keys":
      return pairs.map(([k]) => `--env ${k}`).join(" ");
    default: {
      // Reachable only from untyped callers (e.g. a raw CLI flag that skipped validation).
      const unknown: never = format;
      throw new Error(`Unknown export format: ${String(unknown)}`);
    }
  }
}
