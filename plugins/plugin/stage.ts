import { lstat, mkdir, open, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { type ArchiveLimits, ArchiveRejection } from "../../src/archive/entry.ts";
import { extractTarFile } from "../../src/archive/extract-tar.ts";
import type { Ctx } from "../../src/core/context.ts";
import { UserError, errorMessage, isNotFound } from "../../src/core/errors.ts";
import type { PluginSource } from "./source.ts";
import { gitEnv } from "./store.ts";

/** Largest plugin archive we download. */
const MAX_DOWNLOAD = 100 * 1024 * 1024;
/** What a plugin tarball may unpack to. */
const PLUGIN_ARCHIVE_LIMITS: ArchiveLimits = { maxBytes: 512 * 1024 * 1024, maxFiles: 100_000 };

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
  await mkdir(tree);
  await extractTarball(file, tree);
  return singleTopDirectory(tree);
}

/**
 * Unpacks a plugin .tar.gz with the shared reader (src/archive), the same one that checks it,
 * so no entry can hide from the check: files, directories and symlinks that stay inside only,
 * modes 0644/0755, owners ours. A refused archive leaves only the staging dir, which the caller removes.
 */
async function extractTarball(file: string, tree: string): Promise<void> {
  const info = await stat(file).catch((error: unknown) => {
    throw new UserError(`Cannot read plugin archive ${file}: ${isNotFound(error) ? "no such file" : errorMessage(error)}`);
  });
  if (!info.isFile()) throw new UserError(`Cannot read plugin archive ${file}: not a file`);
  try {
    await extractTarFile(file, tree, { gzip: true, limits: PLUGIN_ARCHIVE_LIMITS });
  } catch (error) {
    if (!(error instanceof ArchiveRejection)) throw error;
    throw new UserError(`Refusing plugin archive: ${error.message}${error.entry === undefined ? "" : ` (${JSON.stringify(error.entry)})`}`);
  }
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
  if (!response.ok || !response.body) throw new UserError(`Unable to download plugin archive ${url}: HTTP ${response.status}`);
  const tooLarge = () => new UserError(`Plugin archive ${url} is larger than ${MAX_DOWNLOAD} bytes`);
  if (Number(response.headers.get("content-length") ?? 0) > MAX_DOWNLOAD) throw tooLarge();
  // Streamed to disk with a running cap: a huge or endless body never sits in memory.
  const out = await open(file, "wx", 0o600);
  try {
    let total = 0;
    const reader = response.body.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      total += next.value.length;
      if (total > MAX_DOWNLOAD) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      await out.write(next.value);
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`Unable to download plugin archive ${url}: ${errorMessage(error)}`);
  } finally {
    await out.close();
  }
  return file;
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
  return line ? `: ${line.replace(/^(fatal|error): /, "")}` : "";
}
