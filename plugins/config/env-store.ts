import { readFile, rm, rmdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { UserError, errorMessage, isNotFound } from "../../src/core/errors.ts";
import { ensureDir, writeFileAtomic } from "../../src/core/fs-atomic.ts";
import { LockBusyError, acquireLock, type LockHandle } from "../../src/core/lock.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { formatEnvFile, parseEnvFile, type ParsedEnvFile } from "./env-file.ts";
import { drainLegacyEnv, legacyNeedsWork } from "./legacy-env.ts";

/** What the store needs from the context (narrow, so unit tests can build it by hand). */
export type EnvStoreCtx = Pick<Ctx, "env" | "paths" | "props" | "log">;

/** A scope's variables, keyed by name. Insertion order means nothing; writers sort. */
export type EnvMap = Map<string, string>;

// A config write holds the lock for milliseconds; a minute of waiting means something is wrong.
const LOCK_TIMEOUT_MS = 60_000;

/** How `Deleting invalid key ...` names a scope. */
export function scopeLabel(scope: string): string {
  // dokku-compat: Dokku's loader names the global scope `<global>`.
  return scope === GLOBAL ? "<global>" : scope;
}

/**
 * The config plugin's ENV files (`LIB/config/<APP|--global>/ENV`, reference 2.5). Reads are
 * lock-free; every read-modify-write (and any repair a read needs: legacy migration, dropping
 * invalid keys) runs under a short per-scope file lock so concurrent writers never lose updates.
 */
export class EnvStore {
  constructor(private readonly ctx: EnvStoreCtx) {}

  file(scope: string): string {
    return this.ctx.paths.envFile(scope);
  }

  /** The scope's variables; migrates a pre-0.38 ENV file and drops invalid keys on the way. */
  async read(scope: string): Promise<EnvMap> {
    if (!(await legacyNeedsWork(this.ctx, scope))) {
      const parsed = await this.parse(scope);
      if (parsed.invalidKeys.length === 0) return parsed.entries;
    }
    return this.withLock(scope, () => this.loadAndRepair(scope));
  }

  /** Global variables overlaid by the app's (`--merged`). */
  async merged(app: string): Promise<EnvMap> {
    const out = await this.read(GLOBAL);
    for (const [key, value] of await this.read(app)) out.set(key, value);
    return out;
  }

  /**
   * Read-modify-write under the scope lock. `change` edits a copy and returns it, or returns
   * undefined to leave the file alone. Resolves to the previous and the written entries.
   */
  async update(scope: string, change: (env: EnvMap) => EnvMap | undefined): Promise<{ before: EnvMap; after?: EnvMap }> {
    return this.withLock(scope, async () => {
      const before = await this.loadAndRepair(scope);
      const after = change(new Map(before));
      if (after) await this.write(scope, after);
      return { before, after };
    });
  }

  /** Deletes the scope's ENV file and lock; the directory goes only if nothing else lives there. */
  async remove(scope: string): Promise<void> {
    const file = this.file(scope);
    await rm(file, { force: true });
    await rm(lockFile(file), { force: true });
    // `LIB/config/<APP>` shares its name space with plugin property dirs: never rm -rf it.
    await rmdir(dirname(file)).catch(() => {});
  }

  private async parse(scope: string): Promise<ParsedEnvFile> {
    const file = this.file(scope);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if (isNotFound(error)) return { entries: new Map(), invalidKeys: [] };
      throw error;
    }
    try {
      return parseEnvFile(text, (name) => this.ctx.env.vars[name]);
    } catch (error) {
      throw new UserError(`Cannot read config for ${scopeLabel(scope)} from ${file}: ${errorMessage(error)}`, { cause: error });
    }
  }

  /** Caller holds the lock: parse, drop invalid keys, drain a legacy file, persist any repair. */
  private async loadAndRepair(scope: string): Promise<EnvMap> {
    const { entries, invalidKeys } = await this.parse(scope);
    for (const key of invalidKeys) this.ctx.log.step(`Deleting invalid key ${key} from config for ${scopeLabel(scope)}`);
    if (invalidKeys.length > 0) await this.write(scope, entries);
    await drainLegacyEnv(this.ctx, scope, entries, () => this.write(scope, entries));
    return entries;
  }

  private async write(scope: string, entries: EnvMap): Promise<void> {
    await writeFileAtomic(this.file(scope), formatEnvFile(entries), { mode: 0o600, owner: this.ctx.props.owner });
  }

  private async withLock<T>(scope: string, fn: () => Promise<T>): Promise<T> {
    const file = this.file(scope);
    await ensureDir(dirname(file), { owner: this.ctx.props.owner });
    const handle = await acquireShortLock(lockFile(file), scopeLabel(scope));
    try {
      return await fn();
    } finally {
      await handle.release();
    }
  }
}

/**
 * acquireLock's own waiting backs off to 250 ms, tuned for deploys; config writes hold the lock
 * for a few ms, so poll with short random delays (jitter keeps 20 waiters from moving in step).
 */
async function acquireShortLock(path: string, label: string): Promise<LockHandle> {
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (;;) {
    try {
      return await acquireLock(path, { wait: false, command: "config" });
    } catch (error) {
      if (!(error instanceof LockBusyError)) throw error;
      if (Date.now() > deadline) throw new UserError(`Timed out waiting for the config lock of ${label} (${path})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * 10));
  }
}

function lockFile(envFile: string): string {
  return join(dirname(envFile), ".ENV.lock");
}
