import { dirname } from "node:path";
import { joinXargs } from "../../src/cli/ssh-command.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { ensureDir } from "../../src/core/fs-atomic.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import { loadAttachments } from "./attachments.ts";
import { mountRows } from "./commands-mounts.ts";
import { attachmentsFor, mountFlag } from "./mount-spec.ts";
import { entriesDir, loadEntry, storageRoot } from "./registry.ts";
import type { MountPhase } from "./schema.ts";

/** The `-v` / `--mount` flags of an app's attachments for a phase and process type. */
async function mountArgs(ctx: Ctx, app: string, phase: MountPhase, processType?: string): Promise<string | undefined> {
  const words: string[] = [];
  for (const attachment of attachmentsFor(await loadAttachments(ctx, app), phase, processType)) {
    const entry = await loadEntry(ctx, attachment.entry_name);
    if (!entry) throw new UserError(`Storage attachment of ${app} at ${attachment.container_path} references missing entry "${attachment.entry_name}"`);
    if (entry.scheduler !== "docker-local") continue;
    words.push(...mountFlag(entry, attachment));
  }
  return words.length > 0 ? ` ${joinXargs(words)}` : undefined;
}

/** `docker-args-deploy APP TAG [PROC INDEX]`: mounts of every process type plus those of PROC. */
export const onDockerArgsDeploy: TriggerHandler<"docker-args-deploy"> = (ctx, [app, , proc]) => mountArgs(ctx, app, "deploy", proc || undefined);

/** `docker-args-run APP TAG`: mounts of the run phase. */
export const onDockerArgsRun: TriggerHandler<"docker-args-run"> = (ctx, [app]) => mountArgs(ctx, app, "run");

/** Deprecated `storage-list APP [PHASE] [FORMAT]`: host:container[:opts] lines, or json. */
export const onStorageList: TriggerHandler<"storage-list"> = async (ctx, [app, phase, format]) => {
  ctx.log.warn("the storage-list plugn trigger is deprecated; use storage:list or storage:report");
  const rows = await mountRows(ctx, await ctx.apps.verify(app), phase === "run" ? "run" : "deploy");
  if (format === "json") return `${JSON.stringify(rows.map((r) => r.json))}\n`;
  return rows.map((r) => `${r.text}\n`).join("");
};

/** `install`: the storage root and the entry registry exist, owned by the dokku user. */
export const onInstall: TriggerHandler<"install"> = async (ctx) => {
  for (const dir of [storageRoot(ctx), dirname(entriesDir(ctx)), entriesDir(ctx)]) await ensureDir(dir, { owner: ctx.props.owner });
};
