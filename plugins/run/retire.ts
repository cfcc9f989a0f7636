import type { ContainerSummary } from "../../src/docker/engine.ts";
import { RUN_LABELS } from "./schema.ts";

/**
 * One-off containers whose `com.dokku.active-deadline-seconds` has passed since they were
 * created (run starts them at once). Containers without a valid deadline never expire. Pure.
 */
export function expiredContainers(containers: readonly ContainerSummary[], nowSeconds: number): ContainerSummary[] {
  return containers.filter((c) => {
    const text = c.labels[RUN_LABELS.deadline] ?? "";
    if (!/^[0-9]+$/.test(text) || Number(text) < 1) return false;
    return nowSeconds - c.created >= Number(text);
  });
}
