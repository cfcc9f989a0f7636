import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import { appsUsing } from "./attachments.ts";
import { confirmDestroy, keyValues, repeated, textOrJson } from "./confirm.ts";
import { ensureVolume, removeOwnedVolume, volumeExists } from "./docker.ts";
import { chmodDir, chownDir, ensureHostDir, removeManagedDir } from "./hostdir.ts";
import { isHostPath, isVolumeName } from "./mount-spec.ts";
import { chownId, parseMode, validateEntryName } from "./names.ts";
import { deleteEntry, listEntries, loadEntry, requireEntry, saveEntry, storageRoot } from "./registry.ts";
import { DOCKER_LOCAL, type Entry } from "./schema.ts";

const K3S_ONLY = ["size", "access-mode", "storage-class-name", "namespace"] as const;

/** docker-local is the only scheduler here; k3s entries have no cluster to live in. */
function checkScheduler(scheduler: string): void {
  if (scheduler === DOCKER_LOCAL) return;
  // dokku-compat: Dokku supports k3s entries; this host has no k3s scheduler.
  if (scheduler === "k3s") throw new UserError("The k3s scheduler is not available on this host; storage entries use docker-local");
  throw new UserError(`Unsupported scheduler "${scheduler}" (supported: docker-local)`);
}

export const storageCreate = defineCommand({
  name: "storage:create",
  description: "Register a named storage entry",
  usage: "<name> [<path>] [--chown OPTION] [--mode MODE] [--label K=V...] [--annotation K=V...]",
  args: {
    name: { type: "positional", description: "Entry name (DNS-1123 label, at most 45 characters)", required: false },
    path: { type: "positional", description: "Host directory or docker volume (default LIB/data/storage/NAME)", required: false },
    scheduler: { type: "string", description: "Scheduler (docker-local)" },
    chown: { type: "string", description: "Owner of the default directory: herokuish, heroku, paketo, root, false or a uid" },
    mode: { type: "string", description: "Octal permissions of the host directory" },
    label: { type: "string", description: "key=value label (repeatable)" },
    annotation: { type: "string", description: "key=value annotation (repeatable)" },
    size: { type: "string", description: "k3s only" },
    "access-mode": { type: "string", description: "k3s only" },
    "storage-class-name": { type: "string", description: "k3s only" },
    namespace: { type: "string", description: "k3s only" },
  },
  async run(ctx, args, raw) {
    const name = validateEntryName(args._[0]);
    checkScheduler(typeof args.scheduler === "string" && args.scheduler !== "" ? args.scheduler : DOCKER_LOCAL);
    for (const key of K3S_ONLY) if (args[key] !== undefined) throw new UserError(`storage entry "${name}" (docker-local) does not accept --${key}`);
    const defaultPath = join(storageRoot(ctx), name);
    const path = args._[1] ?? defaultPath;
    if (!isHostPath(path) && !isVolumeName(path)) {
      throw new UserError(`storage entry "${name}" host_path must be an absolute path or a docker named volume token, got "${path}"`);
    }
    const chown = typeof args.chown === "string" && args.chown !== "" ? args.chown : undefined;
    if (chown !== undefined) {
      chownId(chown);
      if (path !== defaultPath) throw new UserError("--chown is only supported when the storage entry uses the default host path");
    }
    const mode = typeof args.mode === "string" && args.mode !== "" ? args.mode : undefined;
    if (mode !== undefined) parseMode(mode);
    if (mode !== undefined && !isHostPath(path)) throw new UserError("--mode is only supported for host directories");
    const entry: Entry = {
      name, scheduler: DOCKER_LOCAL, host_path: path, chown, mode,
      annotations: keyValues(repeated(raw, "--annotation"), "--annotation"),
      labels: keyValues(repeated(raw, "--label"), "--label"),
      schema_version: 1,
    };
    const existing = await loadEntry(ctx, name);
    if (existing) ctx.log.step(`Storage entry ${name} already exists, leaving in place`);
    await provision(ctx, entry);
    await saveEntry(ctx, { ...existing, ...entry });
    ctx.log.step(`Storage entry ${name} created`);
  },
});

/** Makes the entry's directory (owner, mode) or docker volume exist. */
async function provision(ctx: Ctx, entry: Entry): Promise<void> {
  const path = entry.host_path!;
  if (!isHostPath(path)) {
    if ((await ensureVolume(ctx, path, entry.name, entry.labels)) === "created") ctx.log.detail(`Created docker volume ${path}`);
    return;
  }
  if ((await ensureHostDir(path)) === "created") ctx.log.detail(`Created ${path}`);
  const id = entry.chown === undefined ? undefined : chownId(entry.chown);
  if (id !== undefined) {
    ctx.log.detail(`Setting directory ownership to ${id}:${id}`);
    await chownDir(path, id);
  }
  if (entry.mode !== undefined) await chmodDir(path, parseMode(entry.mode));
}

export const storageDestroy = defineCommand({
  name: "storage:destroy",
  description: "Remove a named storage entry (must be unmounted from every app first)",
  usage: "<name> [--force] [--destroy-host-dir]",
  args: {
    name: { type: "positional", description: "Entry name", required: false },
    "destroy-host-dir": { type: "boolean", description: "Also remove the directory (under the storage root) or the docker volume storage:create made" },
  },
  async run(ctx, args) {
    const entry = await requireEntry(ctx, args._[0]);
    const using = await appsUsing(ctx, entry.name);
    if (using.length > 0) throw new UserError(`storage entry "${entry.name}" is still mounted by app(s): ${using.join(", ")}`);
    if (!ctx.flags.force) await confirmDestroy(ctx, "storage entry", entry.name);
    if (args["destroy-host-dir"]) {
      const path = entry.host_path ?? "";
      if (isHostPath(path)) await removeManagedDir(ctx, path);
      else await removeOwnedVolume(ctx, path, entry.name);
    }
    await deleteEntry(ctx, entry.name);
    ctx.log.step(`Storage entry ${entry.name} destroyed`);
  },
});

export const storageInfo = defineCommand({
  name: "storage:info",
  description: "Show details for one storage entry",
  usage: "<name> [--format text|json]",
  args: { name: { type: "positional", description: "Entry name", required: false }, format: { type: "string", description: "text or json" } },
  async run(ctx, args) {
    const format = textOrJson(args.format);
    const entry = await requireEntry(ctx, args._[0]);
    if (format === "json") return void ctx.log.data(JSON.stringify(entry, null, 2));
    ctx.log.step(`Storage entry ${entry.name}`);
    const rows: [string, string | undefined][] = [
      ["Scheduler", entry.scheduler], ["Host path", entry.host_path], ["Chown", entry.chown], ["Mode", entry.mode], ["Reclaim policy", entry.reclaim_policy],
    ];
    for (const [label, value] of rows) if (value) ctx.log.detail(`${`${label}:`.padEnd(18)}${value}`);
  },
});

export const storageListEntries = defineCommand({
  name: "storage:list-entries",
  description: "List registered storage entries",
  usage: "[--scheduler SCHEDULER] [--format text|json]",
  args: { scheduler: { type: "string", description: "Only entries of this scheduler" }, format: { type: "string", description: "text or json" } },
  async run(ctx, args) {
    const format = textOrJson(args.format);
    const scheduler = typeof args.scheduler === "string" ? args.scheduler : "";
    const entries = (await listEntries(ctx)).filter((e) => scheduler === "" || e.scheduler === scheduler);
    if (format === "json") return void ctx.log.data(JSON.stringify(entries, null, 2));
    if (entries.length === 0) return void ctx.log.step("No storage entries registered");
    ctx.log.step("Storage entries:");
    for (const e of entries) ctx.log.detail(`${e.name}\t${e.scheduler}\t${e.host_path ?? ""}`);
  },
});

export const storageWait = defineCommand({
  name: "storage:wait",
  description: "Block until a storage entry is ready (docker-local: its directory or volume exists)",
  usage: "<name>",
  args: { name: { type: "positional", description: "Entry name", required: false } },
  async run(ctx, args) {
    const entry = await requireEntry(ctx, args._[0]);
    const path = entry.host_path ?? "";
    const present = isHostPath(path) ? await stat(path).then((s) => s.isDirectory(), () => false) : await volumeExists(ctx, path);
    if (!present) throw new UserError(`storage entry "${entry.name}" host path ${path} is not present`);
  },
});
