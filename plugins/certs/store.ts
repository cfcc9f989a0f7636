import { chmod, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { isNotFound } from "../../src/core/errors.ts";
import { ensureDir, writeFileAtomic } from "../../src/core/fs-atomic.ts";
import { checkPair } from "./pem.ts";

/** `DOKKU_ROOT/APP/tls`: server.crt, server.key and (from certs:generate) server.csr. */
export function tlsDir(ctx: Ctx, app: string): string {
  return join(ctx.paths.appDir(app), "tls");
}

export const tlsFile = (ctx: Ctx, app: string, name: "server.crt" | "server.key" | "server.csr") => join(tlsDir(ctx, app), name);

export async function hasCert(ctx: Ctx, app: string): Promise<boolean> {
  for (const name of ["server.crt", "server.key"] as const) {
    try {
      if (!(await stat(tlsFile(ctx, app, name))).isFile()) return false;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }
  return true;
}

/**
 * Checks the pair matches, then writes key, certificate (and CSR) with Dokku's modes (dir 0750,
 * files 0640), each atomically, and fires `post-certs-update` so the proxy serves it.
 */
export async function installPair(ctx: Ctx, app: string, crt: Uint8Array, key: Uint8Array, csr?: Uint8Array): Promise<void> {
  checkPair(crt, key);
  const dir = tlsDir(ctx, app);
  await ensureDir(dir, { dirMode: 0o750, owner: ctx.props.owner });
  await chmod(dir, 0o750);
  const options = { mode: 0o640, owner: ctx.props.owner };
  await writeFileAtomic(tlsFile(ctx, app, "server.key"), key, options);
  await writeFileAtomic(tlsFile(ctx, app, "server.crt"), crt, options);
  if (csr) await writeFileAtomic(tlsFile(ctx, app, "server.csr"), csr, options);
  else await rm(tlsFile(ctx, app, "server.csr"), { force: true });
  await ctx.triggers.notify("post-certs-update", app);
}

/**
 * A self-signed pair from the openssl CLI, non-interactive: RSA 2048 key, a CSR and a 365-day
 * certificate for `domain` (CN and subjectAltName). dokku-compat: Dokku's `openssl req` prompts
 * for the subject; we pass it with -subj.
 */
export async function generatePair(ctx: Ctx, domain: string): Promise<{ crt: Buffer; key: Buffer; csr: Buffer }> {
  const work = await mkdtemp(join(tmpdir(), "dokku-certs-"));
  try {
    const key = join(work, "server.key");
    const csr = join(work, "server.csr");
    const crt = join(work, "server.crt");
    const subject = `/CN=${domain}`;
    await ctx.exec(["openssl", "genrsa", "-out", key, "2048"]);
    await ctx.exec(["openssl", "req", "-new", "-key", key, "-subj", subject, "-out", csr]);
    await ctx.exec(["openssl", "req", "-x509", "-key", key, "-subj", subject, "-addext", `subjectAltName=DNS:${domain}`, "-days", "365", "-out", crt]);
    return { crt: await readFile(crt), key: await readFile(key), csr: await readFile(csr) };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
