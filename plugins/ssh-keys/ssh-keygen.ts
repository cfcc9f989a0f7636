import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";

/** Fingerprints (`SHA256:...`) of every key line ssh-keygen accepts in `text`, in order. */
export async function fingerprints(ctx: Ctx, text: string): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), "dokku-ssh-keys-"));
  try {
    const file = join(dir, "keys");
    await writeFile(file, text.endsWith("\n") ? text : `${text}\n`, { mode: 0o600 });
    const result = await ctx.exec(["ssh-keygen", "-lf", file], { check: false, env: ctx.env.vars });
    if (result.code === 127) throw new UserError("ssh-keygen is not installed (Debian package openssh-client)");
    if (result.code !== 0) return [];
    return result.stdout
      .split("\n")
      .filter(Boolean)
      .map((line) => line.split(/\s+/)[1] ?? "");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The fingerprint of one public key line; Dokku requires a `:` in it (reference 4.1). */
export async function fingerprintOf(ctx: Ctx, keyLine: string): Promise<string> {
  const [fingerprint] = await fingerprints(ctx, keyLine);
  if (!fingerprint?.includes(":")) throw new UserError("Key specified in is not a valid ssh public key");
  return fingerprint;
}

/**
 * Dokku's `verify_ssh_key_file`: every non-comment line must pass `ssh-keygen -l`.
 * One ssh-keygen run covers the file; only on a mismatch are lines checked one by one.
 */
export async function verifyKeyLines(ctx: Ctx, file: string, lines: readonly string[]): Promise<void> {
  const keyLines = lines.map((line, index) => ({ line, number: index + 1 })).filter(({ line }) => line.trim() !== "" && !line.trimStart().startsWith("#"));
  if (keyLines.length === 0) return;
  const all = await fingerprints(ctx, keyLines.map(({ line }) => line).join("\n"));
  if (all.length === keyLines.length) return;
  for (const { line, number } of keyLines) {
    if ((await fingerprints(ctx, line)).length !== 1) throw new UserError(`${file} line ${number} failed ssh-keygen check.`);
  }
}
