import * as v from "valibot";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { ATTACHMENTS, Attachment, DEFAULT_PROCESS, STORAGE } from "./schema.ts";

/** An app's attachments, in stored order. A line that does not parse is an error. */
export async function loadAttachments(ctx: Ctx, app: string): Promise<Attachment[]> {
  const lines = await ctx.props.lrange(STORAGE, app, ATTACHMENTS);
  return lines
    .filter((line) => line.trim() !== "")
    .map((line, i) => {
      let data: unknown;
      try {
        data = JSON.parse(line);
      } catch {
        data = undefined;
      }
      const parsed = v.safeParse(Attachment, data);
      if (!parsed.success) throw new UserError(`Cannot read storage attachment ${i + 1} of app ${app}: ${line}`);
      return parsed.output;
    });
}

export async function saveAttachments(ctx: Ctx, app: string, attachments: readonly Attachment[]): Promise<void> {
  if (attachments.length === 0) await ctx.props.del(STORAGE, app, ATTACHMENTS);
  else await ctx.props.lwrite(STORAGE, app, ATTACHMENTS, attachments.map((a) => JSON.stringify(compact(a))));
}

/** Drops unset optional fields, as Dokku's `omitempty` does. */
function compact(a: Attachment): Attachment {
  const out: Attachment = { entry_name: a.entry_name, container_path: a.container_path, phases: a.phases };
  if (a.process_type && a.process_type !== DEFAULT_PROCESS) out.process_type = a.process_type;
  if (a.subpath) out.subpath = a.subpath;
  if (a.readonly) out.readonly = true;
  if (a.volume_options) out.volume_options = a.volume_options;
  if (a.volume_chown) out.volume_chown = a.volume_chown;
  return out;
}

/** Attachments are identified by (entry, container path, process type). */
export function sameSlot(a: Attachment, b: Attachment): boolean {
  return a.entry_name === b.entry_name && a.container_path === b.container_path && (a.process_type || DEFAULT_PROCESS) === (b.process_type || DEFAULT_PROCESS);
}

/** Apps with at least one attachment of the entry, sorted (storage:destroy refuses while any). */
export async function appsUsing(ctx: Ctx, entryName: string): Promise<string[]> {
  const using: string[] = [];
  for (const app of await ctx.apps.list()) {
    if ((await loadAttachments(ctx, app)).some((a) => a.entry_name === entryName)) using.push(app);
  }
  return using;
}
