import { lstat, mkdir, readdir, realpath, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { UserError, errorMessage, isNotFound } from "../../src/core/errors.ts";
import type { PluginSource } from "./source.ts";
import { gitEnv } from "./store.ts";
import { assertSafeEntries, listTarball } from "./tar-safety.ts";

/** Largest plugin archive we download. */
const MAX_DOWNLOAD = 100 * 1024 * 1024;

/**
 * Fetches a plugin into `<staging>/tree` (git clone, or a checked tarball) and returns the
 * plugin's root directory there. Nothing is written outside `staging`.
 */
export async function stageSource(ctx: Ctx, source: PluginSource, staging: string, committish?: string): Promise<string> {
  const tree = join(staging, "tree");
  if (source.kind === "git") {
    const clone = await ctx.exec(["git", "clone", "--quiet", "--", source.url, tree], { env: gitEnv(ctx), check: false });
    if (clone.code !== 0) throw new UserError(`Unable to clone plugin repo ${source.url}${tail(clone.stderr)}`);
    if (committish) await checkout(ctx, tree, committish);
    return tree;
  }
  if (committish) throw new UserError("--committish only applies to plugins installed from a git repository");
  const file = source.kind === "download" ? await download(source.url, join(staging, "plugin.tar.gz")) : source.file;
  assertSafeEntries(await listTarball(file));
  await mkdir(tree);
  // --no-same-permissions drops setuid bits and applies the umask; owners come from us, not the archive.
  const untar = await ctx.exec(["tar", "-x", "-z", "--no-same-owner", "--no-same-permissions", "-f", file, "-C", tree], { check: false });
  if (untar.code !== 0) throw new UserError(`Unable to extract plugin archive ${source.url}${tail(untar.stderr)}`);
  await assertConfined(tree, tree);
  return singleTopDirectory(tree);
}

/** `git checkout <ref>` in a clone; the ref is never taken as an option or a path. */
export async function checkout(ctx: Ctx, dir: string, committish: string): Promise<void> {
  if (committish.startsWith("-")) throw new UserError(`Invalid committish: ${committish}`);
  const result = await ctx.exec(["git", "-C", dir, "checkout", "--quiet", committish, "--"], { env: gitEnv(ctx), check: false });
  if (result.code !== 0) throw new UserError(`Unable to check out ${committish}${tail(result.stderr)}`);
}

async function download(url: string, file: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: "follow" });
  } catch (error) {
    throw new UserError(`Unable to download plugin archive ${url}: ${errorMessage(error)}`);
  }
  if (!response.ok) throw new UserError(`Unable to download plugin archive ${url}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > MAX_DOWNLOAD) throw new UserError(`Plugin archive ${url} is larger than ${MAX_DOWNLOAD} bytes`);
  await writeFile(file, bytes, { mode: 0o600 });
  return file;
}

/** After extraction, a second look at the disk: only files, dirs and symlinks that resolve inside. */
async function assertConfined(root: string, dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await assertConfined(root, path);
    else if (entry.isSymbolicLink()) {
      let target: string;
      try {
        target = await realpath(path);
      } catch (error) {
        if (isNotFound(error)) continue; // dangling, and the archive check kept it inside
        throw error;
      }
      if (target !== root && !target.startsWith(`${root}/`)) throw new UserError(`Refusing plugin archive: ${path.slice(root.length + 1)} points outside the plugin`);
    } else if (!entry.isFile()) throw new UserError(`Refusing plugin archive: ${path.slice(root.length + 1)} is not a regular file`);
  }
}

/** Dokku flattens an archive whose only top-level entry is a directory. */
async function singleTopDirectory(tree: string): Promise<string> {
  const entries = await readdir(tree);
  if (entries.length !== 1) return tree;
  const only = join(tree, entries[0]!);
  return (await lstat(only)).isDirectory() ? only : tree;
}

/** The line that says what went wrong: git's first `fatal:`/`error:` line, else the last one. */
function tail(stderr: string): string {
  const lines = stderr.trim().split("\n").filter(Boolean);
  const line = lines.find((l) => /^(fatal|error): /.test(l)) ?? lines.at(-1);
  return line ? `: ${line.replace(/^(fatal|error|tar): /, "")}` : "";
}
