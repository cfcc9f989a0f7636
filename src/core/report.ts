import type { Ctx } from "./context.ts";
import { UserError } from "./errors.ts";

/** One report: `--flag` -> value, e.g. `--app-dir` -> `/home/dokku/web`. */
export type ReportValues = Readonly<Record<string, string>>;

export interface ReportOptions {
  /** `app`, `ps`, `git`, ...: used in `=====> APP <type> information` and in JSON key stripping. */
  type: string;
  /** Heading subject: the app name, or `global`. */
  subject: string;
  values: ReportValues;
  /** `stdout` (default) or `json`. */
  format?: string;
  /** A single `--flag` asked for: print only its raw value. */
  infoFlag?: string;
}

/** Pulls `--format` and one info flag out of a report command's argv. */
export function reportArgs(
  raw: readonly string[],
  ignore: readonly string[] = ["--global"],
  plugin = "report",
): { format?: string; infoFlag?: string; positionals: string[] } {
  let format: string | undefined;
  const infoFlags: string[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const arg = raw[i]!;
    if (arg === "--format") format = raw[++i] ?? "";
    else if (arg.startsWith("--format=")) format = arg.slice("--format=".length);
    else if (arg.startsWith("--") && !ignore.includes(arg)) infoFlags.push(arg);
    else if (!arg.startsWith("--")) positionals.push(arg);
  }
  // dokku-compat: Dokku's wording.
  if (infoFlags.length > 1) throw new UserError(`${plugin}:report command allows only a single flag`);
  if (format !== undefined && !["stdout", "json"].includes(format)) throw new UserError(`Invalid --format value specified: ${format}`);
  if (format !== undefined && infoFlags.length > 0) throw new UserError("--format flag cannot be specified when specifying an info flag");
  return { format, infoFlag: infoFlags[0], positionals };
}

/** Dokku's shared `*:report` layout (reference 1.10): header, sorted padded rows; or JSON; or one raw value. */
export function renderReport(ctx: Ctx, { type, subject, values, format, infoFlag }: ReportOptions): void {
  const flags = Object.keys(values).sort();
  if (infoFlag !== undefined) {
    if (!(infoFlag in values)) throw new UserError(`Invalid flag passed, valid flags: ${flags.join(", ")}`);
    ctx.log.data(values[infoFlag]!);
    return;
  }
  if (format === "json") {
    const out: Record<string, string> = {};
    for (const flag of flags) {
      const key = flag.slice(2);
      out[key] = values[flag]!;
      const prefix = `${type.replace(/ /g, "-")}-`; // "docker options" reports keys as docker-options-*
      const short = key.startsWith(prefix) ? key.slice(prefix.length) : undefined;
      if (short && !(short in out)) out[short] = values[flag]!; // dokku-compat: both key forms during the deprecation window
    }
    ctx.log.data(JSON.stringify(out));
    return;
  }
  ctx.log.header(`${subject} ${type} information`);
  const labels = flags.map((flag) => {
    const text = flag.slice(2).replace(/[-.]/g, " ");
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}:`;
  });
  // dokku-compat: `RightPad(label, max(31, longest flag))` + value, no separator (common.ReportSingleApp).
  const width = Math.max(31, ...flags.map((f) => f.length));
  flags.forEach((flag, i) => {
    const line = `${labels[i]!.padEnd(width)}${values[flag]}`.trimEnd();
    ctx.log.data(`       ${line}`); // dokku-compat: rows use LogVerbose, which --quiet does not silence
  });
}
