import { chmod, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { isNotFound } from "../../src/core/errors.ts";
import { ensureDir, writeFileAtomic } from "../../src/core/fs-atomic.ts";
import { acquireLock } from "../../src/core/lock.ts";
import { parseManagedLine, type ManagedKey } from "./key-line.ts";

/** `<DOKKU_ROOT>/.ssh/authorized_keys`, the file sshd reads for the dokku user. */
export function authorizedKeysFile(ctx: Ctx): string {
  return join(ctx.paths.dokkuRoot, ".ssh", "authorized_keys");
}

/** The file's lines (without the final newline), or undefined when it does not exist. */
export async function readKeyLines(ctx: Ctx): Promise<string[] | undefined> {
  let text: string;
  try {
    text = await readFile(authorizedKeysFile(ctx), "utf8");
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  if (text === "") return [];
  return text.replace(/\n$/, "").split("\n");
}

/** The ssh-keys/sshcommand entries among `lines`, with their line numbers. */
export function managedKeys(lines: readonly string[]): ManagedKey[] {
  return lines.map(parseManagedLine).filter((key): key is ManagedKey => key !== undefined);
}

/**
 * Read-modify-write of authorized_keys under an exclusive lock, written atomically with mode
 * 600 in a 700 directory, so concurrent `ssh-keys:add` calls never lose each other's lines.
 */
export async function updateKeyLines<T>(ctx: Ctx, command: string, change: (lines: string[]) => Promise<{ lines: string[]; result: T }>): Promise<T> {
  const file = authorizedKeysFile(ctx);
  const owner = ctx.props.owner;
  const dir = join(ctx.paths.dokkuRoot, ".ssh");
  await ensureDir(dir, { dirMode: 0o700, owner });
  await chmod(dir, 0o700);
  const lock = await acquireLock(join(dir, ".authorized_keys.lock"), { wait: true, command, timeoutMs: 60_000, owner });
  try {
    const before = (await readKeyLines(ctx)) ?? [];
    const { lines, result } = await change([...before]);
    const text = lines.length === 0 ? "" : `${lines.join("\n")}\n`;
    await writeFileAtomic(file, text, { mode: 0o600, dirMode: 0o700, owner });
    return result;
  } finally {
    await lock.release();
  }
}
