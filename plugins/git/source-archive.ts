import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { ArchiveRejection } from "../../src/archive/entry.ts";
import type { ArchiveType } from "./archive-type.ts";
import { type AuditLog, extractArchive, hoistSingleDirectory } from "./archive-extract.ts";
import { archiveLimits, fetchArchive, redact } from "./archive-source.ts";
import { makeWorkDir } from "./extract.ts";
import { gitFromDirectory } from "./from-directory.ts";

/**
 * `git:from-archive` / trigger `git-from-archive APP URL TYPE USER EMAIL`: fetch, extract
 * safely into a temporary build directory, commit its contents and build.
 */
export async function gitFromArchive(ctx: Ctx, app: string, source: string, type: ArchiveType, user?: string, email?: string): Promise<void> {
  const limits = await archiveLimits(ctx);
  const shown = source === "--" ? "stdin" : redact(source);
  const audit = auditLog(ctx, type, shown);
  await using work = await makeWorkDir(ctx, "git-from-archive");
  const file = join(work.path, `src.${type}`);
  const build = join(work.path, "build");
  await mkdir(build, { mode: 0o755 });
  try {
    await fetchArchive(ctx, source, file, limits.maxBytes);
  } catch (error) {
    if (error instanceof ArchiveRejection) audit(error.event, error.details);
    throw error;
  }
  ctx.log.step(`Extracting ${type} archive`);
  await extractArchive(file, build, type, limits, audit); // audits its own rejections; they are UserErrors
  await rm(file, { force: true });
  await hoistSingleDirectory(build);
  if ((await gitFromDirectory(ctx, app, build, user, email)) === undefined) return;
  await ctx.triggers.notify("deploy-source-set", app, type, shown);
}

/** `[archive-security] ...` lines on stderr, as common/archive-functions logs every decision. */
function auditLog(ctx: Ctx, type: ArchiveType, source: string): AuditLog {
  const user = ctx.env.vars.SUDO_USER || ctx.env.vars.USER || "unknown";
  return (event, details) => {
    const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    ctx.log.stderr(`[archive-security] timestamp=${timestamp} user=${user} event=${event} archive_type=${type} source=${source} details=${details}`);
  };
}
