import { createWriteStream } from "node:fs";
import { copyFile, stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Ctx } from "../../src/core/context.ts";
import { UserError, errorMessage } from "../../src/core/errors.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { type ArchiveLimits, tooLargeArchive } from "../../src/archive/entry.ts";
import { DEFAULT_ARCHIVE_MAX_FILES, DEFAULT_ARCHIVE_MAX_SIZE, GIT, GitProps } from "./schema.ts";

/** Archive limits: the global `git:set` properties, else DOKKU_ARCHIVE_MAX_* from the environment, else Dokku's defaults. */
export async function archiveLimits(ctx: Ctx): Promise<ArchiveLimits> {
  const pick = async (key: string, variable: string, fallback: number): Promise<number> => {
    const fromProp = await ctx.props.getInt(GIT, GLOBAL, key);
    if (fromProp !== undefined) return fromProp;
    const fromEnv = ctx.env.vars[variable];
    return fromEnv && /^\d+$/.test(fromEnv) ? Number(fromEnv) : fallback;
  };
  return {
    maxBytes: await pick(GitProps.archiveMaxSize, "DOKKU_ARCHIVE_MAX_SIZE", DEFAULT_ARCHIVE_MAX_SIZE),
    maxFiles: await pick(GitProps.archiveMaxFiles, "DOKKU_ARCHIVE_MAX_FILES", DEFAULT_ARCHIVE_MAX_FILES),
  };
}

/**
 * Puts the archive named by SOURCE into `file`: `--` reads stdin, `http(s)://` downloads,
 * `file://` or a path copies a local file. Never more than `maxBytes` are stored.
 */
export async function fetchArchive(ctx: Ctx, source: string, file: string, maxBytes: number): Promise<void> {
  if (source === "--") {
    if (process.stdin.isTTY) throw new UserError("Expected an archive on stdin (dokku git:from-archive APP -- < archive)");
    const bytes = await saveCapped(process.stdin as AsyncIterable<Uint8Array>, file, maxBytes);
    ctx.log.step(`Read ${bytes} bytes of archive from stdin`);
    return;
  }
  if (/^https?:\/\//i.test(source)) return download(ctx, source, file, maxBytes);
  const path = /^file:\/\//i.test(source) ? fileURLToPath(source) : source;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) throw new UserError(`Unsupported archive URL: ${redact(source)}`);
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new UserError(`Archive is not a file: ${path}`);
    size = info.size;
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`Unable to read archive ${path}: ${errorMessage(error)}`);
  }
  if (size > maxBytes) throw tooLargeArchive(size, maxBytes);
  await copyFile(path, file);
}

async function download(ctx: Ctx, url: string, file: string, maxBytes: number): Promise<void> {
  ctx.log.step(`Downloading archive from ${redact(url)}`);
  let response: Response;
  try {
    response = await fetch(url, { redirect: "follow" });
  } catch (error) {
    throw new UserError(`Unable to download archive from ${redact(url)}: ${errorMessage(error)}`);
  }
  if (!response.ok || !response.body) throw new UserError(`Unable to download archive from ${redact(url)}: HTTP ${response.status}`);
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLargeArchive(declared, maxBytes);
  await saveCapped(webChunks(response.body), file, maxBytes);
}

async function* webChunks(body: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/** Copies a byte stream into a file, failing as soon as it grows past `maxBytes`. */
async function saveCapped(source: AsyncIterable<Uint8Array>, file: string, maxBytes: number): Promise<number> {
  const out = createWriteStream(file, { mode: 0o600 });
  let total = 0;
  try {
    for await (const chunk of source) {
      total += chunk.length;
      if (total > maxBytes) throw tooLargeArchive(total, maxBytes);
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    }
  } finally {
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
  return total;
}

/** A URL as it may be shown: user and password removed. */
export function redact(source: string): string {
  return source.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, "$1");
}
