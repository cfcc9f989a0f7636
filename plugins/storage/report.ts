import type { Ctx } from "../../src/core/context.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { renderReport, reportArgs } from "../../src/core/report.ts";
import { appArg } from "../../src/cli/shared-args.ts";
import { appsUsing, loadAttachments } from "./attachments.ts";
import { attachmentsFor, hostSide, mountFlag } from "./mount-spec.ts";
import { joinXargs } from "../../src/cli/ssh-command.ts";
import { listEntries, loadEntry } from "./registry.ts";
import { type Attachment, DEFAULT_PROCESS, type Entry } from "./schema.ts";

/**
 * `--storage-{build,deploy,run}-mounts` (the `-v` flags of every attachment of the phase) and
 * `--storage-attachment.N.<field>` per attachment. An attachment whose entry is gone is skipped
 * with a warning, so one broken record does not hide the rest.
 */
async function reportValues(ctx: Ctx, app: string): Promise<Record<string, string>> {
  const resolved: [Attachment, Entry][] = [];
  for (const [i, attachment] of (await loadAttachments(ctx, app)).entries()) {
    const entry = await loadEntry(ctx, attachment.entry_name);
    if (entry) resolved.push([attachment, entry]);
    else ctx.log.warn(`Skipping attachment ${i + 1} of ${app}: storage entry "${attachment.entry_name}" does not exist`);
  }
  const entries = new Map(resolved.map(([a, e]) => [a, e]));
  const mounts = (phase: string) =>
    attachmentsFor([...entries.keys()], phase, "*")
      .map((a) => joinXargs(mountFlag(entries.get(a)!, a)))
      .join(" ");
  const values: Record<string, string> = {
    "--storage-build-mounts": mounts("build"),
    "--storage-deploy-mounts": mounts("deploy"),
    "--storage-run-mounts": mounts("run"),
  };
  resolved.forEach(([a, entry], i) => {
    const prefix = `--storage-attachment.${i + 1}.`;
    values[`${prefix}entry-name`] = entry.name;
    values[`${prefix}host-path`] = hostSide(entry, { ...a, subpath: undefined });
    values[`${prefix}container-path`] = a.container_path;
    values[`${prefix}phases`] = a.phases.join(",");
    values[`${prefix}process-type`] = a.process_type || DEFAULT_PROCESS;
    values[`${prefix}subpath`] = a.subpath ?? "";
    values[`${prefix}readonly`] = String(Boolean(a.readonly));
    values[`${prefix}volume-options`] = a.volume_options ?? "";
    values[`${prefix}volume-chown`] = a.volume_chown ?? "";
  });
  return values;
}

/** `storage:report --global`: every entry and the apps that mount it. */
async function globalInventory(ctx: Ctx, format: string | undefined): Promise<void> {
  const rows = [];
  for (const entry of await listEntries(ctx)) rows.push({ entry, mounted_by: await appsUsing(ctx, entry.name) });
  if (format === "json") return void ctx.log.data(JSON.stringify(rows, null, 2));
  if (rows.length === 0) return void ctx.log.step("No storage entries registered");
  ctx.log.step("Storage report (global):");
  for (const row of rows) ctx.log.detail(`${row.entry.name}\t${row.entry.scheduler}\tmounted by: ${row.mounted_by.join(", ") || "-"}`);
}

export const storageReport = defineCommand({
  name: "storage:report",
  description: "Display a storage report for one or more apps (--global: every entry)",
  usage: "[<app>|--global] [--format stdout|json] [<flag>]",
  args: appArg,
  async run(ctx, _args, raw) {
    const { format, infoFlag, positionals } = reportArgs(raw, ["--global"], "storage");
    if (raw.includes("--global")) return globalInventory(ctx, format);
    const apps = positionals[0] ? [await ctx.apps.verify(positionals[0])] : await ctx.apps.list();
    if (apps.length === 0) return void ctx.log.warn("You haven't deployed any applications yet");
    for (const app of apps) renderReport(ctx, { type: "storage", subject: app, values: await reportValues(ctx, app), format, infoFlag });
  },
});
