import * as v from "valibot";

/** Property namespace of the storage plugin. */
export const STORAGE = "storage";

/** List property holding an app's attachments, one compact JSON object per line. */
export const ATTACHMENTS = "attachments";

/** The process-type slot of attachments that apply to every process type. */
export const DEFAULT_PROCESS = "_default_";

export const DOCKER_LOCAL = "docker-local";

/** Prefix of the entries synthesised for legacy `host:container` mounts; users cannot create them. */
export const LEGACY_PREFIX = "legacy-";

export const MAX_ENTRY_NAME = 45;
export const ENTRY_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A docker named volume, as docker tells it from a bind path. */
export const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
/** Procfile process type names (procfile-util's grammar). */
export const PROCESS_TYPE = /^[A-Za-z0-9_-]{1,63}$/;

export const MOUNT_PHASES = ["deploy", "run"] as const;
export type MountPhase = (typeof MOUNT_PHASES)[number];

const StringMap = v.record(v.string(), v.string());

/**
 * A named storage entry (Dokku 0.38): the source of truth for one volume, a host directory or a
 * docker named volume on docker-local. One JSON file per entry under
 * `LIB/data/storage-registry/entries/<name>.json`; field names are Dokku's.
 */
export const Entry = v.looseObject({
  name: v.string(),
  scheduler: v.string(),
  host_path: v.optional(v.string()),
  chown: v.optional(v.string()),
  mode: v.optional(v.string()),
  reclaim_policy: v.optional(v.string()),
  annotations: v.optional(StringMap),
  labels: v.optional(StringMap),
  schema_version: v.optional(v.number()),
});
export type Entry = v.InferOutput<typeof Entry>;

/** How one app uses one entry: one line of the app's `attachments` list property. */
export const Attachment = v.looseObject({
  entry_name: v.string(),
  container_path: v.string(),
  phases: v.array(v.picklist(MOUNT_PHASES)),
  process_type: v.optional(v.string()),
  subpath: v.optional(v.string()),
  readonly: v.optional(v.boolean()),
  volume_options: v.optional(v.string()),
  volume_chown: v.optional(v.string()),
});
export type Attachment = v.InferOutput<typeof Attachment>;

export const SCHEMA_VERSION = 1;
