import { randomBytes } from "node:crypto";
import { UserError } from "../../src/core/errors.ts";

/**
 * Dokku's build id: 8 base36 digits of the millisecond clock then 6 random base36 digits, all
 * lowercase, so ids sort by start time as plain strings (`GenerateBuildID`).
 */
export function generateBuildId(now = Date.now()): string {
  const time = now.toString(36).padStart(8, "0").slice(-8);
  const random = BigInt(`0x${randomBytes(6).toString("hex")}`).toString(36).padStart(6, "0").slice(-6);
  return `${time}${random}`;
}

/** Ids name files, so only plain words pass: ours, and Dokku's `pid-<PID>` fallback. */
const BUILD_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function isBuildId(id: string): boolean {
  return BUILD_ID.test(id);
}

export function parseBuildId(id: string | undefined): string {
  if (!id) throw new UserError("Please specify a build id");
  if (!isBuildId(id)) throw new UserError(`Invalid build id: ${id}`);
  return id;
}
