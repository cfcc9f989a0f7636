import { createHash } from "node:crypto";
import { posix } from "node:path";
import { UserError } from "../../src/core/errors.ts";
import { type Attachment, DEFAULT_PROCESS, type Entry, LEGACY_PREFIX, VOLUME_NAME } from "./schema.ts";

/** A parsed legacy `host:container[:options]` mount. */
export interface LegacyMount {
  host: string;
  container: string;
  readonly: boolean;
  /** The options other than `ro`, comma-joined. */
  volumeOptions: string;
}

const OPTION = /^[A-Za-z0-9_.=-]+$/;

/** A host path or named volume token is absolute, or a docker volume name. */
export function isHostPath(path: string): boolean {
  return path.startsWith("/");
}

/**
 * Checks and parses the legacy colon form with Dokku's messages (`VerifyPaths`), plus the checks
 * Dokku leaves to docker at deploy time: container path, option tokens, no newlines.
 */
export function parseLegacyMount(spec: string | undefined): LegacyMount {
  const text = spec ?? "";
  // dokku-compat: Dokku's messages.
  if (isHostPath(text)) {
    if (!/^\/.*:\//.test(text)) throw new UserError("Storage path must be two valid paths divided by colon.");
  } else if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]+:\//.test(text)) {
    throw new UserError("Volume name must be two characters or more. Volume name must not contain invalid characters. Storage path must be two valid paths divided by colon.");
  }
  if (/[\r\n\0]/.test(text)) throw new UserError("Storage path must not contain newlines");
  const [host = "", container = "", options] = splitN(text, ":", 3);
  validateContainerPath(container);
  const tokens = options === undefined || options === "" ? [] : options.split(",");
  for (const token of tokens) if (!OPTION.test(token)) throw new UserError(`Invalid mount option ${JSON.stringify(token)} in ${text}`);
  return { host, container, readonly: tokens.includes("ro"), volumeOptions: tokens.filter((t) => t !== "ro").join(",") };
}

function splitN(text: string, separator: string, n: number): string[] {
  const parts = text.split(separator);
  return parts.length <= n ? parts : [...parts.slice(0, n - 1), parts.slice(n - 1).join(separator)];
}

export function validateContainerPath(path: string): string {
  if (!path.startsWith("/")) throw new UserError(`Container path must be absolute: ${JSON.stringify(path)}`);
  if (/[:,\r\n\0]/.test(path)) throw new UserError(`Container path must not contain ':', ',' or newlines: ${JSON.stringify(path)}`);
  return path;
}

/** `--volume-subpath`: a relative path inside the entry that stays inside it. */
export function validateSubpath(subpath: string): string {
  const normal = posix.normalize(subpath);
  if (subpath.startsWith("/") || normal === ".." || normal.startsWith("../") || /[:,\r\n\0]/.test(subpath)) {
    throw new UserError(`Invalid volume subpath ${JSON.stringify(subpath)}: expected a relative path inside the storage entry`);
  }
  return normal;
}

export function validateVolumeOptions(options: string): string {
  for (const token of options.split(",")) if (!OPTION.test(token)) throw new UserError(`Invalid volume option ${JSON.stringify(token)}`);
  return options;
}

/** The entry Dokku synthesises for a legacy mount: its name is derived from the host side only. */
export function legacyEntry(host: string): Entry {
  const digest = createHash("sha1").update(isHostPath(host) ? host : `vol:${host}`).digest("hex");
  return { name: `${LEGACY_PREFIX}${digest.slice(0, 10)}`, scheduler: "docker-local", host_path: host, schema_version: 1 };
}

/** Readonly and options as the colon form writes them: `ro`, `ro,Z`, `Z` or "". */
export function optionsText(attachment: Pick<Attachment, "readonly" | "volume_options">): string {
  return [attachment.readonly ? "ro" : "", attachment.volume_options ?? ""].filter(Boolean).join(",");
}

/** The host side of a mount: the entry's path, joined with the subpath for host directories. */
export function hostSide(entry: Entry, attachment: Attachment): string {
  const host = entry.host_path || entry.name;
  return attachment.subpath && isHostPath(host) ? posix.join(host, attachment.subpath) : host;
}

/** `host:container[:options]`, as storage:list and storage:report show a mount. */
export function colonForm(entry: Entry, attachment: Attachment): string {
  const opts = optionsText(attachment);
  return `${hostSide(entry, attachment)}:${attachment.container_path}${opts ? `:${opts}` : ""}`;
}

/**
 * The docker flags for one attachment, as argv words: `-v host:container[:opts]`, or for a
 * subpath of a named volume (which `-v` cannot express) `--mount type=volume,...,volume-subpath=`.
 */
export function mountFlag(entry: Entry, attachment: Attachment): string[] {
  const host = entry.host_path || entry.name;
  if (attachment.subpath && !isHostPath(host)) {
    const parts = [`type=volume`, `source=${host}`, `target=${attachment.container_path}`, `volume-subpath=${attachment.subpath}`];
    if (attachment.readonly) parts.push("readonly");
    return ["--mount", parts.join(",")];
  }
  return ["-v", colonForm(entry, attachment)];
}

/**
 * Attachments that apply to a phase, sorted as Dokku sorts them: those of every process type
 * plus those of `processType` ("*" keeps all, for listings).
 */
export function attachmentsFor(attachments: readonly Attachment[], phase: string, processType?: string): Attachment[] {
  return attachments
    .filter((a) => a.phases.includes(phase as Attachment["phases"][number]))
    .filter((a) => {
      const type = a.process_type || DEFAULT_PROCESS;
      return processType === "*" || type === DEFAULT_PROCESS || type === processType;
    })
    .sort((a, b) => (a.entry_name === b.entry_name ? cmp(a.container_path, b.container_path) : cmp(a.entry_name, b.entry_name)));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isVolumeName(name: string): boolean {
  return VOLUME_NAME.test(name);
}
