import type { Ctx } from "../../src/core/context.ts";
import type { ReleaseRecord } from "./schema.ts";

const short = (text: string, n = 12) => text.replace(/^sha256:/, "").slice(0, n);

function note(record: ReleaseRecord, current: boolean): string {
  const parts = [current ? "current" : "", record.rollbackOf !== undefined ? `rollback of ${record.rollbackOf}` : "", record.imagePruned ? "image pruned" : ""];
  return parts.filter(Boolean).join(", ");
}

/** JSON shape of one release (records plus whether it is the current one). */
function toJson(record: ReleaseRecord, current: boolean): Record<string, unknown> {
  return { ...record, rollbackOf: record.rollbackOf ?? null, imagePruned: record.imagePruned ?? false, current };
}

/** `releases:list`: a table, or a JSON array, newest first. */
export function showList(ctx: Ctx, app: string, releases: readonly ReleaseRecord[], format: "stdout" | "json"): void {
  if (format === "json") return void ctx.log.data(JSON.stringify(releases.map((r, i) => toJson(r, i === 0))));
  ctx.log.header(`${app} releases`);
  if (releases.length === 0) return void ctx.log.detail("No releases yet");
  const rows = [
    ["release", "created", "image", "config", "rev", "by", "note"],
    ...releases.map((r, i) => [`v${r.number}`, r.createdAt.replace(/\.\d+Z$/, "Z"), short(r.imageId), short(r.configDigest, 8), short(r.sourceRev, 7), r.user, note(r, i === 0)]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  for (const row of rows) ctx.log.data(row.map((cell, c) => cell.padEnd(widths[c]!)).join("  ").trimEnd());
}

/** `releases:info`: one release's fields. */
export function showInfo(ctx: Ctx, app: string, record: ReleaseRecord, current: boolean, format: "stdout" | "json"): void {
  if (format === "json") return void ctx.log.data(JSON.stringify(toJson(record, current)));
  ctx.log.header(`${app} release ${record.number}`);
  const rows: [string, string][] = [
    ["Release", String(record.number)],
    ["Created at", record.createdAt],
    ["Image", `dokku/${app}:${record.tag}`],
    ["Image id", record.imageId],
    ["Config digest", record.configDigest],
    ["Source rev", record.sourceRev],
    ["Build id", record.buildId],
    ["Deployed by", record.user],
    ["Rollback of", record.rollbackOf === undefined ? "" : String(record.rollbackOf)],
    ["Current", String(current)],
    ["Image pruned", String(record.imagePruned ?? false)],
  ];
  for (const [key, value] of rows) ctx.log.detail(`${`${key}:`.padEnd(16)}${value}`);
}
