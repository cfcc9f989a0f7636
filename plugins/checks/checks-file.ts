import { UserError } from "../../src/core/errors.ts";
import type { CheckDefaults, Healthcheck } from "./healthcheck.ts";

/**
 * The legacy CHECKS file (reference 8.3) and its conversion into app.json healthchecks, as
 * Dokku's healthchecker converts it: `NAME=VALUE` settings (`WAIT`, `TIMEOUT`, `ATTEMPTS`, with
 * inline `#` comments) apply to the checks after them; check lines are `<path> [content]`,
 * `//host/path [content]` (sent with that Host header) or `http(s)://host/path [content]`; blank
 * lines, `#` lines and lines in no supported format are ignored. Every check is a web startup
 * check named `check-N`. Pure: no I/O.
 */
export function parseChecksFile(text: string, defaults: CheckDefaults): Healthcheck[] {
  const settings = { ...defaults };
  const checks: Healthcheck[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    if (/^(https?:)?\//.test(line)) {
      checks.push(checkLine(line, checks.length + 1, settings, i + 1));
      return;
    }
    const setting = /^([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(line);
    if (setting) applySetting(settings, setting[1]!, setting[2]!.replace(/#.*$/, "").trim(), i + 1);
  });
  return checks;
}

function applySetting(settings: { -readonly [K in keyof CheckDefaults]: number }, name: string, value: string, lineNo: number): void {
  const key = ({ WAIT: "wait", TIMEOUT: "timeout", ATTEMPTS: "attempts" } as const)[name];
  if (!key) return;
  const min = key === "wait" ? 0 : 1;
  if (!/^[0-9]+$/.test(value) || Number(value) < min) {
    const unit = key === "attempts" ? "a whole number" : "a whole number of seconds";
    throw new UserError(`Invalid CHECKS file: line ${lineNo}: ${name} must be ${unit} of at least ${min}, got ${JSON.stringify(value)}`);
  }
  settings[key] = Number(value);
}

function checkLine(line: string, index: number, settings: CheckDefaults, lineNo: number): Healthcheck {
  const m = /^(\S+)(?:\s+(.*))?$/.exec(line)!;
  let target = m[1]!;
  const content = m[2]?.trim() || undefined;
  let scheme: "http" | "https" = "http";
  const prefix = /^(https?):/.exec(target);
  if (prefix) {
    scheme = prefix[1] as "http" | "https";
    target = target.slice(prefix[0].length);
  }
  const headers: (readonly [string, string])[] = [];
  let path = target;
  if (target.startsWith("//")) {
    const rest = target.slice(2);
    const slash = rest.indexOf("/");
    const host = slash === -1 ? rest : rest.slice(0, slash);
    path = slash === -1 ? "/" : rest.slice(slash);
    if (host === "") throw new UserError(`Invalid CHECKS file: line ${lineNo}: ${JSON.stringify(m[1])} has no host name`);
    headers.push(["Host", host]);
  }
  return {
    name: `check-${index}`,
    type: "startup",
    kind: "http",
    path,
    scheme,
    content,
    attempts: settings.attempts,
    wait: settings.wait,
    timeout: settings.timeout,
    initialDelay: 0,
    headers,
    warn: false,
    onFailure: false,
  };
}

/**
 * Dokku renders the CHECKS file through sigil (Go templates) with the app's config. This renders
 * the part of that language CHECKS files use: `{{ var "NAME" }}` (empty when unset) and quoted
 * literals (`{{ "{" }}`, `` {{ `}` }} ``, the documented way to write braces), with `{{-`/`-}}`
 * trimming. Anything else is refused with the expression, rather than sent on half-rendered.
 */
export function renderChecksTemplate(text: string, lookup: (name: string) => string | undefined): string {
  let out = "";
  let rest = text;
  for (;;) {
    const open = rest.indexOf("{{");
    if (open === -1) return out + rest;
    const close = rest.indexOf("}}", open + 2);
    if (close === -1) throw new UserError("Invalid CHECKS file: unclosed {{ in template");
    let before = rest.slice(0, open);
    let inner = rest.slice(open + 2, close);
    rest = rest.slice(close + 2);
    if (inner.startsWith("-")) {
      before = before.trimEnd();
      inner = inner.slice(1);
    }
    if (inner.endsWith("-")) {
      rest = rest.trimStart();
      inner = inner.slice(0, -1);
    }
    out += before + evaluate(inner.trim(), lookup);
  }
}

function evaluate(expression: string, lookup: (name: string) => string | undefined): string {
  const call = /^var\s+("(?:[^"\\]|\\.)*"|`[^`]*`)$/.exec(expression);
  if (call) return lookup(literal(call[1]!)) ?? "";
  if (/^("(?:[^"\\]|\\.)*"|`[^`]*`)$/.test(expression)) return literal(expression);
  throw new UserError(`Invalid CHECKS file: unsupported template expression {{ ${expression} }} (supported: {{ var "NAME" }} and quoted strings)`);
}

function literal(token: string): string {
  if (token.startsWith("`")) return token.slice(1, -1);
  try {
    return JSON.parse(token) as string;
  } catch {
    throw new UserError(`Invalid CHECKS file: cannot read the string ${token}`);
  }
}
