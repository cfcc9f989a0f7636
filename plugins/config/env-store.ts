import { readFile, rm, rmdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { AppNotFoundError, UserError, errorMessage, isNotFound, isPermissionDenied } from "../../src/core/errors.ts";
import { type Ownership, ensureDir, writeFileAtomic } from "../../src/core/fs-atomic.ts";
import { exists } from "../../src/core/fs-exists.ts";
import { LockBusyError, acquireLock, type LockHandle } from "../../src/core/lock.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { formatEnvFile, parseEnvFile, type ParsedEnvFile } from "./env-file.ts";
import { drainLegacyEnv, legacyNeedsWork } from "./legacy-env.ts";

/** What the store needs from the context (narrow, so unit tests can build it by hand). */
export type EnvStoreCtx = Pick<Ctx, "env" | "paths" | "props" | "log">;

/** A scope's variables, keyed by name. Insertion order means nothing; writers sort. */
export type EnvMap = Map<string, string>;

/**
 * Left by `apps:rename` in the OLD app's directory (not in `LIB/config/OLD`, which `post-delete`
 * removes before the app directory goes): a writer that verified OLD before the rename finds it
 * under the lock and is refused rather than writing to an ENV nobody will read. The marker lives
 * exactly as long as the old app directory, so a rename leaves nothing behind.
 */
export const RENAMED_MARKER = ".config-renamed-to";

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
    // A renamed or deleted app has no variables here; repairing would recreate its files.
    if (await this.gone(scope)) return new Map();
    return this.withLock(scope, () => this.loadAndRepair(scope)).catch(async (error: unknown) => {
      if (await this.gone(scope)) return new Map();
      throw error;
    });
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

  /**
   * `apps:rename`: under `from`'s lock, merges its variables into `to`, leaves the rename marker,
   * then deletes `from`'s ENV. A write to `from` either landed before (and moved) or is refused.
   */
  async moveApp(from: string, to: string): Promise<void> {
    await this.withLock(from, async () => {
      const source = await this.loadAndRepair(from);
      await this.update(to, (env) => {
        for (const [key, value] of source) env.set(key, value);
        return env;
      });
      await writeFileAtomic(join(this.ctx.paths.appDir(from), RENAMED_MARKER), `${to}\n`, { owner: this.ctx.props.owner });
      await rm(this.file(from), { force: true });
    });
  }

  /** Deletes the scope's ENV file and lock; the directory goes only if nothing else lives there. */
  async remove(scope: string): Promise<void> {
    const file = this.file(scope);
    for (const path of [file, lockFile(file)]) {
      await rm(path, { force: true }).catch((error: unknown) => {
        // Left for root to delete, said so; the other plugins still clean up after the app.
        if (!isPermissionDenied(error)) throw error;
        this.ctx.log.warn(`Could not delete ${path}: permission denied`);
        this.ctx.log.warn(`As root, run: rm -f ${path}`);
      });
    }
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
    // dokku-compat: Dokku prints this on stdout; we keep its wording but use stderr, because
    // stdout may be data (`config:export --format json`, `config:keys`).
    for (const key of invalidKeys) {
      if (!this.ctx.log.quiet) this.ctx.log.stderr(`-----> Deleting invalid key ${key} from config for ${scopeLabel(scope)}`);
    }
    if (invalidKeys.length > 0) await this.write(scope, entries);
    await drainLegacyEnv(this.ctx, scope, entries, () => this.write(scope, entries));
    return entries;
  }

  private async write(scope: string, entries: EnvMap): Promise<void> {
    await writeFileAtomic(this.file(scope), formatEnvFile(entries), { mode: 0o600, owner: this.ctx.props.owner });
  }

  /**
   * Runs `fn` under the scope lock. For an app, checks before and again under the lock that the
   * app still exists and was not renamed, so a writer racing `apps:rename`/`apps:destroy` fails
   * instead of writing an ENV nobody reads (and cleans up the lock directory it recreated).
   */
  private async withLock<T>(scope: string, fn: () => Promise<T>): Promise<T> {
    await this.assertLive(scope);
    const file = this.file(scope);
    let handle: LockHandle;
    try {
      handle = await acquireShortLock(lockFile(file), scopeLabel(scope), this.ctx.props.owner);
    } catch (error) {
      // The app went away while we waited (apps:rename, apps:destroy): say that, not what broke.
      await this.assertLive(scope);
      throw error;
    }
    try {
      await this.assertLive(scope);
    } catch (error) {
      await handle.release();
      // rmdir only removes an empty directory: never anything a plugin keeps there.
      await rmdir(dirname(file)).catch(() => {});
      throw error;
    }
    try {
      return await fn();
    } finally {
      await handle.release();
    }
  }

  private async assertLive(scope: string): Promise<void> {
    const state = await this.appState(scope);
    if (state.kind === "missing") throw new AppNotFoundError(scope);
    if (state.kind === "renamed") throw new UserError(`App ${scope} was renamed to ${state.to}; its config moved there, nothing was written`);
  }

  private async gone(scope: string): Promise<boolean> {
    return (await this.appState(scope)).kind !== "live";
  }

  private async appState(scope: string): Promise<{ kind: "live" | "missing" } | { kind: "renamed"; to: string }> {
    if (scope === GLOBAL) return { kind: "live" };
    const dir = this.ctx.paths.appDir(scope);
    if (!(await exists(dir, "directory"))) return { kind: "missing" };
    try {
      return { kind: "renamed", to: (await readFile(join(dir, RENAMED_MARKER), "utf8")).trim() };
    } catch (error) {
      if (isNotFound(error)) return { kind: "live" };
      throw error;
    }
  }
}

/**
 * acquireLock's own waiting backs off to 250 ms, tuned for deploys; config writes hold the lock
 * for a few ms, so poll with short random delays (jitter keeps 20 waiters from moving in step).
 */
async function acquireShortLock(path: string, label: string, owner: Ownership | undefined): Promise<LockHandle> {
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (;;) {
    try {
      return await acquireLock(path, { wait: false, command: "config", owner });
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
