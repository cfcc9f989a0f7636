import { readFile, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import * as v from "valibot";
import type { Ctx } from "../../src/core/context.ts";
import { UserError, isNotFound } from "../../src/core/errors.ts";
import { writeFileAtomic } from "../../src/core/fs-atomic.ts";
import { entryLookupName } from "./names.ts";
import { Entry, SCHEMA_VERSION } from "./schema.ts";

/** `LIB/data/storage-registry/entries`: one `<name>.json` per entry (Dokku 0.38's layout). */
export function entriesDir(ctx: Ctx): string {
  return join(ctx.paths.dataDir("storage-registry"), "entries");
}

/** `LIB/data/storage`: where entries live by default. */
export function storageRoot(ctx: Ctx): string {
  return ctx.paths.dataDir("storage");
}

/** The entry, or undefined when none is registered under that name. A corrupt file is an error. */
export async function loadEntry(ctx: Ctx, name: string): Promise<Entry | undefined> {
  const file = join(entriesDir(ctx), `${entryLookupName(name)}.json`);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError(`Cannot read storage entry ${file}: invalid JSON`, { cause: error });
  }
  const parsed = v.safeParse(Entry, data);
  if (!parsed.success) throw new UserError(`Cannot read storage entry ${file}:\n${v.summarize(parsed.issues)}`);
  return parsed.output;
}

export async function requireEntry(ctx: Ctx, name: string | undefined): Promise<Entry> {
  const entry = await loadEntry(ctx, entryLookupName(name));
  if (!entry) throw new UserError(`storage entry "${name}" does not exist`);
  return entry;
}

/** Writes the entry atomically, readable by the dokku user only (0600, as Dokku writes it). */
export async function saveEntry(ctx: Ctx, entry: Entry): Promise<void> {
  const record = { ...entry, schema_version: entry.schema_version ?? SCHEMA_VERSION };
  for (const key of ["annotations", "labels"] as const) if (record[key] && Object.keys(record[key]).length === 0) delete record[key];
  await writeFileAtomic(join(entriesDir(ctx), `${entry.name}.json`), `${JSON.stringify(record, null, 2)}\n`, {
    mode: 0o600,
    owner: ctx.props.owner,
  });
}

export async function deleteEntry(ctx: Ctx, name: string): Promise<void> {
  await rm(join(entriesDir(ctx), `${entryLookupName(name)}.json`), { force: true });
}

/** Every registered entry, sorted by name. */
export async function listEntries(ctx: Ctx): Promise<Entry[]> {
  let names: string[];
  try {
    names = await readdir(entriesDir(ctx));
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
  const entries: Entry[] = [];
  for (const file of names.filter((n) => n.endsWith(".json") && !n.startsWith(".")).sort()) {
    const entry = await loadEntry(ctx, file.slice(0, -".json".length)).catch(() => undefined);
    if (entry) entries.push(entry);
  }
  return entries;
}
