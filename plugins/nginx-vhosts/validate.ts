import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { type NginxHost, testFileArgv, testHostArgv } from "./host.ts";

export interface NginxTest {
  readonly ok: boolean;
  /** nginx's own messages (stderr), for the user. */
  readonly output: string;
}

/**
 * The main config that `nginx -t` reads to check one app's config on its own: an empty http
 * block (temp paths of its own, so nothing outside the work directory is touched) including only
 * that file, the way Dokku's validate.conf.sigil wraps a custom template.
 */
export function wrapperConfig(work: string, file: string, user?: string): string {
  return [
    "# dokku: validates one app's nginx config on its own",
    // Under sudo nginx chowns its temp paths to the worker user: make that us, so we can clean up.
    ...(user ? [`user ${user};`] : []),
    `pid ${join(work, "nginx.pid")};`,
    `error_log ${join(work, "error.log")};`,
    "events { worker_connections 64; }",
    "http {",
    ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((kind) => `  ${kind}_temp_path ${join(work, kind)};`),
    `  include ${file};`,
    "}",
    "",
  ].join("\n");
}

/** `nginx -t` over a wrapper that includes only `file`: another app's config can neither fail nor pass it. */
export async function testAlone(ctx: Ctx, host: NginxHost, file: string): Promise<NginxTest> {
  const work = await mkdtemp(join(tmpdir(), "dokku-nginx-test-"));
  try {
    const wrapper = join(work, "nginx.conf");
    await writeFile(wrapper, wrapperConfig(work, file, host.sudo ? ctx.env.systemUser : undefined));
    const result = await ctx.exec(testFileArgv(host, wrapper), { check: false });
    return { ok: result.code === 0, output: cleanOutput(result.stderr + result.stdout, wrapper) };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** `nginx -t` of the whole host config, as the reload will read it. */
export async function testHost(ctx: Ctx, host: NginxHost): Promise<NginxTest> {
  const result = await ctx.exec(testHostArgv(host), { check: false });
  return { ok: result.code === 0, output: cleanOutput(result.stderr + result.stdout) };
}

/** nginx's `[emerg]` lines, without the success chatter and the wrapper's own name. */
function cleanOutput(text: string, wrapper?: string): string {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "" && !/syntax is ok|test is successful|test failed/.test(line))
    .map((line) => (wrapper ? line.replaceAll(wrapper, "(validation wrapper)") : line))
    .join("\n");
}
