import type { ArgsDef } from "citty";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { appsUsing, loadAttachments, saveAttachments, sameSlot } from "./attachments.ts";
import { repeated, textOrJson } from "./confirm.ts";
import { chownDir, ensureHostDir, isManagedDir } from "./hostdir.ts";
import { attachmentsFor, colonForm, hostSide, isHostPath, legacyEntry, parseLegacyMount, validateContainerPath, validateSubpath, validateVolumeOptions } from "./mount-spec.ts";
import { chownId, entryLookupName, validateProcessType } from "./names.ts";
import { deleteEntry, loadEntry, requireEntry, saveEntry } from "./registry.ts";
import { type Attachment, DEFAULT_PROCESS, LEGACY_PREFIX, MOUNT_PHASES, type MountPhase } from "./schema.ts";

const mountArgs = {
  app: { type: "positional", description: "App name", required: false },
  mount: { type: "positional", description: "Entry name, or legacy host-dir:container-dir[:options]", required: false },
  "container-dir": { type: "string", description: "Container path (named-entry form)" },
  phase: { type: "string", description: "deploy or run (repeatable; default both)" },
  "process-type": { type: "string", description: "Only containers of this process type" },
  "volume-subpath": { type: "string", description: "Subdirectory of the entry to mount" },
  "volume-readonly": { type: "boolean", description: "Mount read-only" },
  "volume-chown": { type: "string", description: "Owner applied to the mounted directory: herokuish, heroku, paketo, root or a uid" },
  "volume-options": { type: "string", description: "Comma-separated mount options, e.g. Z or noexec,nosuid" },
} as const satisfies ArgsDef;

/** A legacy colon-form argument: entry names never contain a colon or start with a slash. */
function isLegacy(arg: string, containerDir: unknown): boolean {
  return (arg.includes(":") || arg.startsWith("/")) && (containerDir === undefined || containerDir === "");
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

export const storageMount = defineCommand({
  name: "storage:mount",
  description: "Mount a named entry (or a legacy host-dir:container-dir) into an app",
  usage: "<app> <name> --container-dir <path> [flags] | <app> <host-dir:container-dir[:options]>",
  args: mountArgs,
  async run(ctx, args, raw) {
    const app = await ctx.apps.verify(args._[0]);
    const arg = String(args._[1] ?? "");
    const attachments = await loadAttachments(ctx, app);
    if (isLegacy(arg, args["container-dir"]) || arg === "") {
      const mount = parseLegacyMount(arg);
      const entry = legacyEntry(mount.host);
      const attachment: Attachment = { entry_name: entry.name, container_path: mount.container, phases: [...MOUNT_PHASES], readonly: mount.readonly, volume_options: mount.volumeOptions };
      // dokku-compat: Dokku's message for a repeated legacy mount.
      if (attachments.some((a) => sameSlot(a, attachment))) throw new UserError("Mount path already exists.");
      if (!(await loadEntry(ctx, entry.name))) await saveEntry(ctx, entry);
      return saveAttachments(ctx, app, [...attachments, attachment]);
    }
    const entry = await requireEntry(ctx, arg);
    const attachment = await namedAttachment(ctx, entry.name, args, raw);
    if (attachment.subpath && !isHostPath(entry.host_path ?? "") && attachment.volume_options) {
      throw new UserError("--volume-options cannot be combined with --volume-subpath on a docker volume entry");
    }
    if (attachment.volume_chown) await applyVolumeChown(ctx, entry.host_path ?? "", attachment);
    const index = attachments.findIndex((a) => sameSlot(a, attachment));
    // Re-mounting the same (entry, container dir, process type) rewrites its mount-time fields.
    if (index >= 0) attachments[index] = attachment;
    else attachments.push(attachment);
    await saveAttachments(ctx, app, attachments);
  },
});

async function namedAttachment(ctx: Ctx, entryName: string, args: Record<string, unknown>, raw: readonly string[]): Promise<Attachment> {
  const container = text(args["container-dir"]);
  if (container === undefined) throw new UserError("--container-dir is required when mounting a named storage entry");
  const phases = repeated(raw, "--phase").flatMap((p) => p.split(","));
  for (const phase of phases) {
    if (!(MOUNT_PHASES as readonly string[]).includes(phase)) throw new UserError(`attachment phase "${phase}" is not supported (must be "deploy" or "run")`);
  }
  const processType = text(args["process-type"]);
  if (processType !== undefined && processType !== DEFAULT_PROCESS) validateProcessType(processType);
  const chown = text(args["volume-chown"]);
  if (chown !== undefined && chownId(chown) === undefined) throw new UserError("--volume-chown false has no effect; omit the flag");
  const options = text(args["volume-options"]);
  const subpath = text(args["volume-subpath"]);
  return {
    entry_name: entryName,
    container_path: validateContainerPath(container),
    phases: phases.length > 0 ? MOUNT_PHASES.filter((p) => phases.includes(p)) : [...MOUNT_PHASES],
    process_type: processType === DEFAULT_PROCESS ? undefined : processType,
    subpath: subpath === undefined ? undefined : validateSubpath(subpath),
    readonly: Boolean(args["volume-readonly"]),
    volume_options: options === undefined ? undefined : validateVolumeOptions(options),
    volume_chown: chown,
  };
}

/** `--volume-chown`: owns the mounted directory now; only under the storage root, never elsewhere on the host. */
async function applyVolumeChown(ctx: Ctx, hostPath: string, attachment: Attachment): Promise<void> {
  if (!isHostPath(hostPath) || !isManagedDir(ctx, hostPath)) throw new UserError("--volume-chown is only supported for entries under the storage directory");
  const dir = attachment.subpath ? join(hostPath, attachment.subpath) : hostPath;
  await ensureHostDir(dir);
  const id = chownId(attachment.volume_chown!)!;
  await chownDir(dir, id);
}

export const storageUnmount = defineCommand({
  name: "storage:unmount",
  description: "Remove an attachment (named entry, or legacy host-dir:container-dir)",
  usage: "<app> <name> [--container-dir <path>] | <app> <host-dir:container-dir[:options]>",
  args: { app: mountArgs.app, mount: mountArgs.mount, "container-dir": mountArgs["container-dir"] },
  async run(ctx, args) {
    const app = await ctx.apps.verify(args._[0]);
    const arg = String(args._[1] ?? "");
    const attachments = await loadAttachments(ctx, app);
    if (isLegacy(arg, args["container-dir"]) || arg === "") {
      const mount = parseLegacyMount(arg);
      const entry = legacyEntry(mount.host);
      const wanted = colonForm(entry, { entry_name: entry.name, container_path: mount.container, phases: [], readonly: mount.readonly, volume_options: mount.volumeOptions });
      const kept = attachments.filter((a) => !(a.entry_name === entry.name && colonForm(entry, a) === wanted));
      // dokku-compat: Dokku's message.
      if (kept.length === attachments.length) throw new UserError("Mount path does not exist.");
      await saveAttachments(ctx, app, kept);
      return dropUnusedLegacy(ctx, entry.name);
    }
    const name = entryLookupName(arg);
    const container = text(args["container-dir"]);
    const matches = attachments.filter((a) => a.entry_name === name && (container === undefined || a.container_path === container));
    if (matches.length === 0) {
      throw new UserError(container === undefined ? `storage entry "${name}" is not mounted on app "${app}"` : `storage entry "${name}" is not mounted at "${container}" on app "${app}"`);
    }
    if (matches.length > 1 && container === undefined) {
      const paths = [...new Set(matches.map((a) => a.container_path))].sort().join(", ");
      throw new UserError(`storage entry "${name}" is mounted at multiple paths on app "${app}" (${paths}); pass --container-dir to disambiguate`);
    }
    await saveAttachments(ctx, app, attachments.filter((a) => !matches.includes(a)));
    if (name.startsWith(LEGACY_PREFIX)) await dropUnusedLegacy(ctx, name);
  },
});

/**
 * dokku-compat: a synthesised `legacy-*` entry no app mounts any more is removed with its last
 * mount (Dokku keeps it listed forever); user-created entries are never removed here.
 */
async function dropUnusedLegacy(ctx: Ctx, name: string): Promise<void> {
  if ((await appsUsing(ctx, name)).length === 0) await deleteEntry(ctx, name);
}

export const storageList = defineCommand({
  name: "storage:list",
  description: "List bind mounts for an app's container(s) (host:container)",
  usage: "<app> [--format text|json]",
  args: { app: mountArgs.app, format: { type: "string", description: "text or json" } },
  async run(ctx, args) {
    const format = textOrJson(args.format);
    const app = await ctx.apps.verify(args._[0]);
    const rows = await mountRows(ctx, app, "deploy");
    if (format === "json") return void ctx.log.data(JSON.stringify(rows.map((r) => r.json)));
    ctx.log.step(`${app} volume bind-mounts:`);
    for (const row of rows) (ctx.log.quiet ? ctx.log.data : ctx.log.detail)(row.text);
  },
});

/** One row per attachment of the phase (every process type): colon form and Dokku's JSON shape. */
export async function mountRows(ctx: Ctx, app: string, phase: MountPhase): Promise<{ text: string; json: Record<string, unknown> }[]> {
  const rows = [];
  for (const attachment of attachmentsFor(await loadAttachments(ctx, app), phase, "*")) {
    const entry = await loadEntry(ctx, attachment.entry_name);
    if (!entry) throw new UserError(`attachment on "${app}" references missing entry "${attachment.entry_name}"`);
    const json: Record<string, unknown> = { entry_name: entry.name, host_path: hostSide(entry, attachment), container_path: attachment.container_path };
    if (attachment.readonly) json.readonly = true;
    if (attachment.volume_options) json.volume_options = attachment.volume_options;
    rows.push({ text: colonForm(entry, attachment), json });
  }
  return rows;
}
