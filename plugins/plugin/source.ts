import { stat } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";

/** Where `plugin:install` gets a plugin from. */
export type PluginSource =
  | { kind: "git"; url: string }
  | { kind: "tarball"; url: string; file: string }
  | { kind: "download"; url: string };

const TARBALL = /\.(tar\.gz|tgz)$/;
const GIT_PREFIX = /^(https:|git|ssh:|file:)/;

/**
 * Classifies the `plugin:install` argument the way Dokku's case statement does, plus local
 * absolute paths (a git repository directory or a tarball). Anything else gets Dokku's warnings.
 */
export async function resolveSource(ctx: Ctx, url: string): Promise<PluginSource> {
  if (TARBALL.test(url)) {
    if (/^https?:/.test(url)) return { kind: "download", url };
    if (url.startsWith("file:")) return { kind: "tarball", url, file: fileUrlPath(url) };
    if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) return { kind: "tarball", url, file: resolve(url) };
    throw new UserError(`Unsupported tarball location: ${url} (use https:, http:, file: or a local path)`);
  }
  if (GIT_PREFIX.test(url)) return { kind: "git", url };
  // Our extension: a local git repository by absolute path.
  if (isAbsolute(url) && (await isDirectory(url))) return { kind: "git", url };
  ctx.log.warn("First argument must be --core or url to plugin");
  ctx.log.warn("Valid prefixes: https:, git:, ssh:, file:");
  ctx.log.warn("Valid suffixes: .tar.gz, .tgz");
  // dokku-compat: Dokku's closing line after the three warnings.
  throw new UserError("Please retry with valid arguments");
}

/** Dokku's `plugin_name`: last path segment, `.git` and a leading `dokku-` removed (and a tarball suffix). */
export function pluginNameFromUrl(url: string): string {
  const path = url.replace(/[?#].*$/, "").replace(/\/+$/, "");
  const last = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf(":")) + 1);
  // dokku-compat: Dokku keeps `.tar.gz` in the derived name (which then fails the name check); we drop it.
  return last.replace(TARBALL, "").replace(/\.git$/, "").replace(/^dokku-/, "");
}

function fileUrlPath(url: string): string {
  try {
    return fileURLToPath(url);
  } catch {
    throw new UserError(`Invalid file url: ${url}`);
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
