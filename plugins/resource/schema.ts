/** Property namespace of the resource plugin. */
export const RESOURCE = "resource";

/** Dokku keeps host-wide defaults under the pseudo-app `_all_` (resource:limit --global). */
export const GLOBAL_SCOPE = "_all_";

/** The process-type slot that applies to every process type. */
export const DEFAULT_TYPE = "_default_";

/** `limit` (resource:limit) or `reserve` (resource:reserve). */
export type Kind = "limit" | "reserve";

/** Resource keys, in display order; each is also a `--<key>` flag of resource:limit/reserve. */
export const RESOURCE_KEYS = ["cpu", "memory", "memory-swap", "network", "network-ingress", "network-egress", "nvidia-gpu"] as const;
export type ResourceKey = (typeof RESOURCE_KEYS)[number];

/** Property name: `<process type>.<limit|reserve>.<key>` (reference 7.9). */
export function resourceProperty(type: string, kind: Kind, key: ResourceKey): string {
  return `${type}.${kind}.${key}`;
}

/** Procfile process type names (procfile-util's grammar). */
export const PROCESS_TYPE = /^[A-Za-z0-9_-]{1,63}$/;

/** What a value of `clear` means on the command line: remove that key. */
export const CLEAR = "clear";
