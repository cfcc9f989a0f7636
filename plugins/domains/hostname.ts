import { isIP } from "node:net";
import { UserError } from "../../src/core/errors.ts";

const HOSTNAME = /^[a-z0-9.*-]*[a-z0-9*-]$/;

/**
 * A domain as Dokku accepts it: lower-cased, `_` (nginx's catch-all) or letters, digits, dots,
 * hyphens and `*` wildcards. dokku-compat: we also refuse what nginx and DNS cannot serve, which
 * Dokku's pattern lets through: names over 253 characters, labels over 63 or empty, labels
 * starting or ending with `-`, and a `*` that is not a whole label.
 */
export function parseDomain(input: string): string {
  const domain = input.trim().toLowerCase();
  // dokku-compat: Dokku's wording.
  const invalid = () => new UserError(`${input} is invalid. exiting...`);
  if (domain === "_") return domain;
  if (!HOSTNAME.test(domain) || domain.length > 253) throw invalid();
  const labels = domain.split(".");
  const badLabel = (label: string) => label === "" || label.length > 63 || label.startsWith("-") || label.endsWith("-") || (label.includes("*") && label !== "*");
  if (labels.some(badLabel)) throw invalid();
  return domain;
}

/** Global vhosts that are IP addresses serve apps by port only: no `APP.<ip>` domain is made from them. */
export function isIpAddress(value: string): boolean {
  return isIP(value.replace(/^\[|\]$/g, "")) !== 0;
}

/**
 * The default domain of `app` under each global vhost: `APP.VHOST`, or the app name itself when it
 * already contains a dot (Dokku treats such an app name as a full hostname).
 */
export function defaultDomains(app: string, globalVhosts: readonly string[], override: (vhost: string) => string | undefined = () => undefined): string[] {
  const out: string[] = [];
  for (const vhost of globalVhosts) {
    if (isIpAddress(vhost)) continue;
    const domain = override(vhost) || (app.includes(".") ? app : `${app}.${vhost}`);
    if (!out.includes(domain)) out.push(domain);
  }
  return out;
}

/** Lines of a VHOST file: trimmed, blank lines dropped, duplicates removed. */
export function parseVhostFile(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const domain = line.trim();
    if (domain && !out.includes(domain)) out.push(domain);
  }
  return out;
}
