import { UserError } from "../../src/core/errors.ts";
import { CLEAR, type Kind, RESOURCE_KEYS, type ResourceKey } from "./schema.ts";

const MEMORY = /^(\d+(?:\.\d+)?)([bkmg]b?)?$/i;
const UNIT_BYTES: Readonly<Record<string, number>> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
/** Docker refuses a memory limit under 6 MiB. */
const MIN_MEMORY = 6 * 1024 ** 2;

/** Bytes of a memory value; a value without a unit is in megabytes, as Dokku reads it. */
export function memoryBytes(value: string): number | undefined {
  const m = MEMORY.exec(value);
  if (!m) return undefined;
  const unit = (m[2] ?? "m").charAt(0).toLowerCase();
  return Number(m[1]) * UNIT_BYTES[unit]!;
}

/** Checks one `--key value`; throws a one-line UserError naming the key and the accepted form. */
export function validateValue(key: ResourceKey, value: string): void {
  if (value === CLEAR) return;
  const bad = (form: string) => new UserError(`Invalid ${key} value ${JSON.stringify(value)}: ${form}`);
  switch (key) {
    case "cpu":
      if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0) throw bad("expected a positive number of CPUs, e.g. 0.5 or 2");
      return;
    case "memory":
    case "memory-swap": {
      if (key === "memory-swap" && value === "-1") return;
      const bytes = memoryBytes(value);
      if (bytes === undefined) throw bad("expected a size such as 512, 512m or 1g (no unit means megabytes)");
      if (key === "memory" && bytes < MIN_MEMORY) throw bad("Docker requires at least 6m");
      return;
    }
    case "nvidia-gpu":
      if (value !== "all" && !/^[1-9]\d*$/.test(value)) throw bad("expected a GPU count or all");
      return;
    default:
      if (!/^\d+(\.\d+)?[A-Za-z]*$/.test(value)) throw bad("expected a number with an optional unit");
  }
}

/** Adds Dokku's default `m` unit to a memory value without one (`256` -> `256m`). */
export function withMemoryUnit(value: string): string {
  return /[a-z]$/i.test(value) ? value : `${value}m`;
}

/**
 * The docker flags for resolved limits and reservations, in a stable order: `--cpus`,
 * `--gpus`, `--memory`, `--memory-swap`, `--memory-reservation`. Keys docker-local cannot
 * apply (network, cpu reservations) are not emitted.
 */
export function resourceFlags(values: Readonly<Record<Kind, Partial<Record<ResourceKey, string>>>>): string[] {
  const { limit, reserve } = values;
  const flags: string[] = [];
  if (limit.cpu) flags.push(`--cpus=${limit.cpu}`);
  if (limit["nvidia-gpu"]) flags.push(`--gpus=${limit["nvidia-gpu"]}`);
  if (limit.memory) flags.push(`--memory=${withMemoryUnit(limit.memory)}`);
  // dokku-compat: Dokku adds the unit to --memory only, so `memory-swap 512` meant 512 bytes
  // and docker refused it; here every memory value defaults to megabytes.
  if (limit["memory-swap"]) flags.push(`--memory-swap=${limit["memory-swap"] === "-1" ? "-1" : withMemoryUnit(limit["memory-swap"])}`);
  if (reserve.memory) flags.push(`--memory-reservation=${withMemoryUnit(reserve.memory)}`);
  return flags;
}

export function isResourceKey(key: string): key is ResourceKey {
  return (RESOURCE_KEYS as readonly string[]).includes(key);
}
