import { readFile, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { isNotFound } from "../../src/core/errors.ts";
import { writeFileAtomic } from "../../src/core/fs-atomic.ts";

/**
 * Dokku's address files in the app directory (reference 2.1): `IP.TYPE.N` (the container's IP on
 * its initial network) and `PORT.TYPE.N` (the port it listens on). The proxy and community
 * plugins read them; they are written atomically, only for containers that passed their checks.
 */
export type AddressKind = "IP" | "PORT";

export function addressFile(ctx: Ctx, app: string, kind: AddressKind, type: string, index: string): string {
  return join(ctx.paths.appDir(app), `${kind}.${type}.${index}`);
}

export async function writeAddress(ctx: Ctx, app: string, kind: AddressKind, type: string, index: string, value: string): Promise<void> {
  await writeFileAtomic(addressFile(ctx, app, kind, type, index), `${value}\n`, { mode: 0o644, owner: ctx.props.owner });
}

export async function readAddress(ctx: Ctx, app: string, kind: AddressKind, type: string, index: string): Promise<string | undefined> {
  try {
    return (await readFile(addressFile(ctx, app, kind, type, index), "utf8")).trim();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export async function removeAddress(ctx: Ctx, app: string, kind: AddressKind, type: string, index: string): Promise<void> {
  await rm(addressFile(ctx, app, kind, type, index), { force: true });
}

/** Indexes that have a `KIND.TYPE.N` file, in numeric order. */
export async function addressIndexes(ctx: Ctx, app: string, kind: AddressKind, type: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(ctx.paths.appDir(app));
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
  const prefix = `${kind}.${type}.`;
  return names
    .filter((n) => n.startsWith(prefix) && /^[0-9]+$/.test(n.slice(prefix.length)))
    .map((n) => n.slice(prefix.length))
    .sort((a, b) => Number(a) - Number(b));
}

/**
 * `ip:port` of every container of TYPE (reference 10.3, network-get-listeners): one per IP file,
 * its port from the matching PORT file (default 5000).
 */
export async function listeners(ctx: Ctx, app: string, type: string): Promise<string[]> {
  const out: string[] = [];
  for (const index of await addressIndexes(ctx, app, "IP", type)) {
    const ip = await readAddress(ctx, app, "IP", type, index);
    if (!ip) continue;
    const port = (await readAddress(ctx, app, "PORT", type, index)) || "5000";
    out.push(`${ip}:${port}`);
  }
  return out;
}
