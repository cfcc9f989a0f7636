import { UserError } from "../../src/core/errors.ts";
import { type AnyDokkuCommand, defineCommand } from "../../src/core/plugin.ts";
import { reportArgs } from "../../src/core/report.ts";
import { listEntries, requireEntry, saveEntry } from "./registry.ts";
import type { Entry } from "./schema.ts";

type Field = "labels" | "annotations";
const SINGULAR: Record<Field, string> = { labels: "label", annotations: "annotation" };
const ROW: Record<Field, string> = { labels: "Label", annotations: "Annotation" };

function setCommand(field: Field): AnyDokkuCommand {
  const one = SINGULAR[field];
  return defineCommand({
    name: `storage:${field}:set`,
    description: `Set or clear one ${one} of a storage entry`,
    usage: `<name> <key> [<value>]`,
    args: { name: { type: "positional", description: "Entry name", required: false } },
    async run(ctx, args) {
      const [, key = "", value = ""] = args._.map(String);
      const entry = await requireEntry(ctx, args._[0]);
      if (key === "") throw new UserError(`No ${one} key specified`);
      if (/[\s]/.test(key) || /[\r\n]/.test(value)) throw new UserError(`Invalid ${one}: keys cannot contain spaces and values cannot contain newlines`);
      const values = { ...(entry[field] ?? {}) };
      // dokku-compat: Dokku's messages.
      if (value === "") {
        delete values[key];
        ctx.log.header(`Unsetting ${one} ${key}`);
      } else {
        values[key] = value;
        ctx.log.header(`Setting ${one} ${key} to ${value}`);
      }
      await saveEntry(ctx, { ...entry, [field]: values });
    },
  });
}

function reportCommand(field: Field): AnyDokkuCommand {
  return defineCommand({
    name: `storage:${field}:report`,
    description: `Displays the ${field} of one or every storage entry`,
    usage: `[<name>] [--format stdout|json] [--storage-${field}.KEY]`,
    args: { name: { type: "positional", description: "Entry name", required: false } },
    async run(ctx, _args, raw) {
      const { format, infoFlag, positionals } = reportArgs(raw, [], "storage");
      if (positionals[0] === undefined && infoFlag !== undefined) {
        throw new UserError(`storage:${field}:report requires a storage entry name when an info flag is specified`);
      }
      const entries = positionals[0] !== undefined ? [await requireEntry(ctx, positionals[0])] : await listEntries(ctx);
      if (entries.length === 0) return void ctx.log.step("No storage entries registered");
      for (const entry of entries) render(ctx, field, entry, format, infoFlag);
    },
  });
}

/** Keys printed verbatim (the shared report layout would mangle `app.kubernetes.io/name`). */
function render(ctx: Parameters<AnyDokkuCommand["run"]>[0], field: Field, entry: Entry, format: string | undefined, infoFlag: string | undefined): void {
  const values = entry[field] ?? {};
  const keys = Object.keys(values).sort();
  if (infoFlag !== undefined) {
    const prefix = `--storage-${field}.`;
    const key = infoFlag.startsWith(prefix) ? infoFlag.slice(prefix.length) : undefined;
    if (key === undefined || !(key in values)) throw new UserError(`Invalid flag passed, valid flags: ${keys.map((k) => prefix + k).join(", ")}`);
    return void ctx.log.data(values[key]!);
  }
  if (format === "json") return void ctx.log.data(JSON.stringify(Object.fromEntries(keys.map((k) => [k, values[k]]))));
  ctx.log.header(`${entry.name} ${field} information`);
  const labels = keys.map((k) => `${ROW[field]} ${k}:`);
  const width = Math.max(31, ...labels.map((l) => l.length));
  keys.forEach((k, i) => ctx.log.data(`       ${labels[i]!.padEnd(width)}${values[k]}`.trimEnd()));
}

export const storageLabelsSet = setCommand("labels");
export const storageLabelsReport = reportCommand("labels");
export const storageAnnotationsSet = setCommand("annotations");
export const storageAnnotationsReport = reportCommand("annotations");
