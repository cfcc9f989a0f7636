import { appArg, formatArg } from "../../src/cli/shared-args.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { parseBuildId } from "./ids.ts";
import { type BuildRecord, DISPLAY_STATUSES } from "./schema.ts";
import { currentBuild, displayStatus, durationMs, formatDuration, formatTime, listRecords, logPath, readRecord, recordView, retention } from "./store.ts";

/** `columnize.SimpleFormat`: every column but the last padded to its widest cell, two spaces between. */
export function columnize(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? "").length)));
  return rows.map((row) => row.map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col]!))).join("  ").trimEnd()).join("\n");
}

function parseFormat(format: string | undefined): "stdout" | "json" {
  if (format === undefined || format === "" || format === "stdout") return "stdout";
  if (format === "json") return "json";
  // dokku-compat: Dokku's wording (plugins/builds/subcommands.go).
  throw new UserError("Invalid format specified, supported formats: json, stdout");
}

const shortRev = (rev: string) => rev.slice(0, 7);

export const buildsList = defineCommand({
  name: "builds:list",
  description: "List builds (running across all apps, or running + history for one)",
  usage: "[<app>] [--format stdout|json] [--kind build|deploy] [--status STATUS]",
  args: {
    ...appArg,
    ...formatArg,
    kind: { type: "string", description: "Only builds of this kind: build or deploy" },
    status: { type: "string", description: `Only builds with this status: ${DISPLAY_STATUSES.join(", ")}` },
  },
  async run(ctx, args) {
    const format = parseFormat(args.format);
    if (args.kind && args.kind !== "build" && args.kind !== "deploy") throw new UserError(`Invalid --kind value "${args.kind}" (allowed: build, deploy)`);
    if (args.status && !(DISPLAY_STATUSES as readonly string[]).includes(args.status)) {
      throw new UserError(`Invalid --status value "${args.status}" (allowed: ${DISPLAY_STATUSES.join(", ")})`);
    }
    const keep = (r: BuildRecord) => (!args.kind || r.kind === args.kind) && (!args.status || displayStatus(r) === args.status);
    if (!args.app) return listRunning(ctx, format, keep, Boolean(args.kind || args.status));
    const app = await ctx.apps.verify(args.app);
    const records = (await listRecords(ctx, app)).filter(keep);
    // Live builds first, then newest first; without filters, at most the retention plus live ones.
    const live = records.filter((r) => displayStatus(r) === "running");
    let shown = [...live, ...records.filter((r) => displayStatus(r) !== "running")];
    if (!args.kind && !args.status) shown = shown.slice(0, live.length + (await retention(ctx, app)));
    if (format === "json") return void ctx.log.data(JSON.stringify(shown.map((r) => recordView(ctx, r))));
    if (shown.length === 0) return void ctx.log.data("No builds recorded for this app");
    // dokku-compat: Dokku's columns, then Rev and Who (the pushed commit and the ssh key name).
    const rows = [["Build ID", "Kind", "Status", "PID", "Source", "Started", "Duration", "Rev", "Who"]];
    for (const r of shown) {
      rows.push([r.id, r.kind, displayStatus(r), String(r.pid), r.source, formatTime(r.started_at), formatDuration(durationMs(r)), shortRev(r.rev ?? ""), r.who ?? ""]);
    }
    ctx.log.data(columnize(rows));
  },
});

/** Without an app: the running builds of every app, or with --kind/--status every matching build. */
async function listRunning(ctx: Ctx, format: "stdout" | "json", keep: (r: BuildRecord) => boolean, filtered: boolean): Promise<void> {
  const running: BuildRecord[] = [];
  for (const app of await ctx.apps.list()) {
    running.push(...(await listRecords(ctx, app)).filter((r) => (filtered || r.status === "running") && keep(r)));
  }
  running.sort((a, b) => b.started_at.localeCompare(a.started_at));
  if (format === "json") return void ctx.log.data(JSON.stringify(running.map((r) => recordView(ctx, r))));
  if (running.length === 0) return void ctx.log.data(filtered ? "No matching builds" : "No builds currently running");
  const rows = [["App", "Build ID", "Kind", "PID", "Source", "Started"]];
  for (const r of running) rows.push([r.app, r.id, r.kind, String(r.pid), r.source, formatTime(r.started_at)]);
  ctx.log.data(columnize(rows));
}

export const buildsInfo = defineCommand({
  name: "builds:info",
  description: "Show details for a single build",
  usage: "<app> <build-id>|current [--format stdout|json]",
  args: { ...appArg, id: { type: "positional", description: "Build id", required: false }, ...formatArg },
  async run(ctx, args) {
    const format = parseFormat(args.format);
    const app = await ctx.apps.verify(args.app);
    // `current`, as builds:output takes it: the running build.
    const record = args.id === "current" ? await currentBuild(ctx, app) : await readRecord(ctx, app, parseBuildId(args.id));
    if (!record) throw new UserError(args.id === "current" ? `No build currently running for ${app}` : `No build record found for ${app}/${args.id}`);
    if (format === "json") return void ctx.log.data(JSON.stringify(recordView(ctx, record)));
    const rows = [
      ["Build ID:", record.id],
      ["App:", record.app],
      ["Kind:", record.kind],
      ["Status:", displayStatus(record)],
      ["PID:", String(record.pid)],
      ["Source:", record.source],
      ["Rev:", record.rev ?? ""],
      ["Who:", `${record.who ?? ""}${record.user ? ` (${record.user})` : ""}`],
      ["Started:", formatTime(record.started_at)],
      ...(record.finished_at ? [["Finished:", formatTime(record.finished_at)]] : []),
      ["Duration:", formatDuration(durationMs(record))],
      ...(record.exit_code !== undefined ? [["Exit Code:", String(record.exit_code)]] : []),
      ["Log:", logPath(ctx, app, record.id)],
    ];
    ctx.log.data(columnize(rows));
  },
});
