import { createHash } from "node:crypto";
import { lchown, lstat, readFile, readlink, rename, rm, symlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Ctx } from "../core/context.ts";
import { isNotFound } from "../core/errors.ts";
import { type Ownership, ensureDir, writeFileAtomic } from "../core/fs-atomic.ts";
import { tempPathFor } from "../core/temp-files.ts";
import { BASH_FILES, BASH_PLUGINS, MULTICALL_NAMES } from "./files.ts";

/** Where the bash plugin API goes on a host, and what its `dokku`/`plugn`/`sigil` commands run. */
export interface BashApiTarget {
  /** `$PLUGIN_CORE_AVAILABLE_PATH`: the files go to `<plugin>/<file>` below it. */
  readonly coreAvailable: string;
  /** `$PLUGIN_AVAILABLE_PATH`: `<plugin>` links to the core folder, as Dokku has them. */
  readonly available: string;
  /** Owner of what we create when running as root (the dokku user). */
  readonly owner?: Ownership;
  /** The argv prefix that starts this binary (Runtime.self). */
  readonly self: readonly [string, ...string[]];
  /** A compiled binary answers to its link names; a script run needs wrapper scripts. */
  readonly compiled: boolean;
}

/**
 * `dokku`, `plugn` and `sigil` for the processes plugins start: links to this binary (busybox
 * style), prepended to PATH in every child's environment, so a plugin calls the very binary that
 * runs it, on a test host as on a real one (where install.sh also links /usr/bin/plugn and sigil).
 */
export function bashApiBinDir(coreAvailable: string): string {
  return join(coreAvailable, "common", "bin");
}

const STAMP = ".bash-api";

/**
 * Lays out the bash plugin API unless the stamp says this binary already did: one small read on
 * the common path. Files are replaced atomically, so a plugin running meanwhile sources either
 * the old or the new file; an upgrade of the binary lays out its own files at its first run.
 */
export async function ensureBashApi(target: BashApiTarget, options: { force?: boolean } = {}): Promise<"current" | "written"> {
  const stamp = join(target.coreAvailable, "common", STAMP);
  const expected = stampOf(target);
  try {
    if (!options.force && (await readFile(stamp, "utf8")) === expected) return "current";
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  await writeBashApi(target);
  await writeFileAtomic(stamp, expected, { mode: 0o644, owner: target.owner });
  return "written";
}

/** The target of this process: the context's plugin paths and binary. */
export function bashApiTarget(ctx: Pick<Ctx, "paths" | "props" | "runtime">): BashApiTarget {
  return {
    coreAvailable: ctx.paths.pluginCoreAvailable,
    available: ctx.paths.pluginAvailable,
    owner: ctx.props.owner,
    self: ctx.runtime.self,
    compiled: ctx.runtime.isCompiled(),
  };
}

/** Writes every file, the `$PLUGIN_AVAILABLE_PATH` links and the bin links, whatever is there. */
export async function writeBashApi(target: BashApiTarget): Promise<void> {
  const options = { mode: 0o644, dirMode: 0o755, owner: target.owner };
  for (const [path, text] of Object.entries(BASH_FILES)) await writeFileAtomic(join(target.coreAvailable, path), text, options);
  await ensureDir(target.available, options);
  for (const plugin of BASH_PLUGINS) await placeLink(join(target.available, plugin), join(target.coreAvailable, plugin), target.owner);
  const bin = bashApiBinDir(target.coreAvailable);
  await ensureDir(bin, options);
  for (const name of MULTICALL_NAMES) {
    if (target.compiled) await placeLink(join(bin, name), target.self[0], target.owner);
    else await writeFileAtomic(join(bin, name), wrapperScript(target.self, name), { ...options, mode: 0o755 });
  }
}

/** The stamp: what was laid out and for which binary. */
function stampOf(target: BashApiTarget): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify([target.self, target.compiled, target.available]));
  for (const [path, text] of Object.entries(BASH_FILES)) hash.update(`\0${path}\0${text}`);
  return `${hash.digest("hex")}\n`;
}

/** A symlink at `path` to `to`, replaced atomically when it points elsewhere. A real file or folder there is left alone. */
async function placeLink(path: string, to: string, owner: Ownership | undefined): Promise<void> {
  try {
    const info = await lstat(path);
    if (!info.isSymbolicLink()) return;
    if ((await readlink(path)) === to) return;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  const temp = tempPathFor(path);
  await ensureDir(dirname(path), { owner });
  await rm(temp, { force: true });
  await symlink(to, temp);
  try {
    if (owner) await lchown(temp, owner.uid, owner.gid);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * When dokku runs from source (bun run / deno run) there is no binary to link: a wrapper starts
 * it, naming what it was called as. Every word is our own path, single-quoted.
 */
function wrapperScript(self: readonly string[], name: string): string {
  const words = self.map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(" ");
  return `#!/bin/sh\nDOKKU_INVOKED_AS=${name} exec ${words} "$@"\n`;
}
