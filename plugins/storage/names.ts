import { UserError } from "../../src/core/errors.ts";
import { ENTRY_NAME, LEGACY_PREFIX, MAX_ENTRY_NAME, PROCESS_TYPE } from "./schema.ts";

/** Dokku's rules for entry names: DNS-1123 labels of at most 45 characters, `legacy-` reserved. */
export function validateEntryName(name: string | undefined, allowLegacy = false): string {
  // dokku-compat: Dokku's messages.
  if (!name) throw new UserError("storage entry name is required");
  if (name.length > MAX_ENTRY_NAME) throw new UserError(`storage entry name "${name}" is too long (max ${MAX_ENTRY_NAME} characters)`);
  if (!ENTRY_NAME.test(name)) {
    throw new UserError(`storage entry name "${name}" must be a DNS-1123 label (lowercase letters, digits, and dashes; cannot start or end with a dash)`);
  }
  if (!allowLegacy && name.startsWith(LEGACY_PREFIX)) throw new UserError(`storage entry name "${name}" must not start with reserved prefix "${LEGACY_PREFIX}"`);
  return name;
}

/** An existing entry's name: any name a file could have been written under, so lookups stay inside the registry. */
export function entryLookupName(name: string | undefined): string {
  if (!name) throw new UserError("storage entry name is required");
  if (name.length > MAX_ENTRY_NAME || !ENTRY_NAME.test(name)) throw new UserError(`storage entry "${name}" does not exist`);
  return name;
}

export function validateProcessType(type: string): string {
  if (!PROCESS_TYPE.test(type)) throw new UserError(`Invalid process type: ${JSON.stringify(type)} (letters, digits, _ and -, at most 63)`);
  return type;
}

/** `--chown` values and the uid:gid they set (reference 10.4); `false` skips the chown. */
const CHOWN_IDS: Readonly<Record<string, number>> = { herokuish: 32767, heroku: 1000, paketo: 2000, packeto: 2000, root: 0 };

/**
 * The numeric id for a chown option, undefined for `false`; a bare number is taken as is.
 * dokku-compat: Dokku adds 165536 when dockerd runs with user namespaces; not done here.
 */
export function chownId(option: string): number | undefined {
  if (option === "false") return undefined;
  if (option in CHOWN_IDS) return CHOWN_IDS[option];
  if (/^\d{1,10}$/.test(option) && Number(option) <= 2 ** 32 - 2) return Number(option);
  // dokku-compat: Dokku's message.
  throw new UserError(`Unsupported chown permissions: ${option} (herokuish, heroku, paketo, root, false or a numeric id)`);
}

/** `--mode` for a host directory: an octal permission such as 0755. */
export function parseMode(mode: string): number {
  if (!/^0?[0-7]{3}$/.test(mode)) throw new UserError(`Invalid mode ${JSON.stringify(mode)}: expected octal permissions such as 0755`);
  return Number.parseInt(mode, 8);
}
