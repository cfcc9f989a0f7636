import { rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { writeFileAtomic } from "../../src/core/fs-atomic.ts";
import type { NginxProperty } from "./schema.ts";

/** `Strict-Transport-Security` value from the hsts properties. */
export function hstsHeader(props: Readonly<Record<NginxProperty, string>>): string {
  let value = `max-age=${props["hsts-max-age"]}`;
  if (props["hsts-include-subdomains"] === "true") value += "; includeSubDomains";
  if (props["hsts-preload"] === "true") value += "; preload";
  return value;
}

/** `nginx.conf.d/hsts.conf` exists exactly while TLS is in use and hsts is on (reference 9.3.8). */
export async function writeHsts(ctx: Ctx, app: string, tls: boolean, props: Readonly<Record<NginxProperty, string>>): Promise<void> {
  const file = join(ctx.paths.appDir(app), "nginx.conf.d", "hsts.conf");
  if (tls && props.hsts === "true") {
    ctx.log.detail("Enabling HSTS");
    await writeFileAtomic(file, `add_header Strict-Transport-Security "${hstsHeader(props)}" always;\n`, { mode: 0o644, owner: ctx.props.owner });
  } else {
    await rm(file, { force: true });
  }
}

const PAGES: Record<string, string> = {
  "400": "Bad request",
  "404": "Not found",
  "500": "Internal server error",
  "502": "Bad gateway: the app is not answering",
};

/** The error pages the templates serve from `LIB/data/nginx-vhosts/dokku-errors`, written once. */
export async function ensureErrorPages(ctx: Ctx): Promise<void> {
  const dir = join(ctx.paths.dataDir("nginx-vhosts"), "dokku-errors");
  for (const [code, text] of Object.entries(PAGES)) {
    const file = join(dir, `${code}-error.html`);
    if (existsSync(file)) continue;
    const html = `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${code} ${text}</title></head>\n<body><h1>${code}</h1><p>${text}</p></body></html>\n`;
    await writeFileAtomic(file, html, { mode: 0o644, dirMode: 0o755, owner: ctx.props.owner });
  }
}
