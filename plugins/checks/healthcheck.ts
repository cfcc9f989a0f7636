import * as v from "valibot";
import { UserError } from "../../src/core/errors.ts";

/**
 * app.json `healthchecks` (reference 8.4): per process type, a list of checks. Each check uses one
 * strategy, chosen by the field it sets: `command` (run inside the container), `uptime` (the
 * container stays up that long without restarting), `listening` (a TCP connect to the port), else
 * an HTTP request to `path` (default `/`). Pure: parsing, validation and defaults, no I/O.
 */
export type CheckKind = "http" | "command" | "uptime" | "listening";
export type CheckType = "startup" | "liveness" | "readiness";

export interface Healthcheck {
  readonly name: string;
  readonly description?: string;
  readonly type: CheckType;
  readonly kind: CheckKind;
  /** HTTP path, starting with `/`. */
  readonly path: string;
  readonly scheme: "http" | "https";
  /** The check's own port; undefined = the port check-deploy was given. */
  readonly port?: number;
  /** Substring the HTTP body must contain. */
  readonly content?: string;
  readonly command?: readonly string[];
  /** Seconds the container must have been up (uptime checks). */
  readonly uptime?: number;
  readonly attempts: number;
  /** Seconds between attempts. */
  readonly wait: number;
  /** Seconds one attempt may take. */
  readonly timeout: number;
  /** Seconds after the container started before the first attempt. */
  readonly initialDelay: number;
  /** Extra HTTP headers, in order; they override check-deploy's own (Host, X-Forwarded-Proto). */
  readonly headers: readonly (readonly [string, string])[];
  /** A failure only warns. */
  readonly warn: boolean;
  /** The check asks for an `onFailure` hook (not run, see run-checks.ts). */
  readonly onFailure: boolean;
}

/** Defaults for the fields a check leaves out: `checks:set` values, else the healthchecker's. */
export interface CheckDefaults {
  readonly attempts: number;
  readonly wait: number;
  readonly timeout: number;
}

const seconds = (what: string, min = 0) =>
  v.pipe(v.number(`${what} must be a number`), v.integer(`${what} must be a whole number of seconds`), v.minValue(min, `${what} must be at least ${min}`));

const Header = v.looseObject({
  name: v.pipe(v.string("httpHeaders name must be a string"), v.regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "httpHeaders name must be a valid header name")),
  value: v.pipe(v.string("httpHeaders value must be a string"), v.regex(/^[^\r\n\0]*$/, "httpHeaders value must be one line")),
});

/** One entry of `healthchecks.<type>`; unknown keys are allowed (the healthchecker ignores them). */
const RawCheck = v.looseObject({
  type: v.optional(v.picklist(["startup", "liveness", "readiness", ""], "type must be startup, liveness or readiness")),
  name: v.optional(v.string("name must be a string")),
  description: v.optional(v.string("description must be a string")),
  path: v.optional(v.pipe(v.string("path must be a string"), v.regex(/^\/[^\s]*$/, "path must start with / and contain no spaces"))),
  scheme: v.optional(v.picklist(["http", "https", ""], "scheme must be http or https")),
  port: v.optional(v.pipe(v.number("port must be a number"), v.integer("port must be a whole number"), v.minValue(1, "port must be 1-65535"), v.maxValue(65535, "port must be 1-65535"))),
  content: v.optional(v.string("content must be a string")),
  command: v.optional(v.pipe(v.array(v.string("command must be an array of strings"), "command must be an array of strings"), v.minLength(1, "command must not be empty"))),
  uptime: v.optional(seconds("uptime")),
  listening: v.optional(v.boolean("listening must be true or false")),
  attempts: v.optional(v.pipe(v.number("attempts must be a number"), v.integer("attempts must be a whole number"), v.minValue(1, "attempts must be at least 1"))),
  wait: v.optional(seconds("wait")),
  timeout: v.optional(seconds("timeout", 1)),
  initialDelay: v.optional(seconds("initialDelay")),
  httpHeaders: v.optional(v.array(Header, "httpHeaders must be a list of {name, value}")),
  warn: v.optional(v.boolean("warn must be true or false")),
  onFailure: v.optional(v.looseObject({}, "onFailure must be an object")),
});
type RawCheck = v.InferOutput<typeof RawCheck>;

const RawHealthchecks = v.record(
  v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,63}$/, "healthchecks keys must be process types")),
  v.array(RawCheck, "healthchecks.<process-type> must be a list of checks"),
  "healthchecks must be an object keyed by process type",
);

/**
 * The checks app.json declares for `processType`, validated, with defaults filled in. Any invalid
 * entry (of any process type) fails with the key that is wrong, so a typo never silently turns
 * into "no checks".
 */
export function healthchecksFor(appJson: unknown, processType: string, defaults: CheckDefaults): Healthcheck[] {
  const all = parseHealthchecks(appJson);
  return (all[processType] ?? []).map((raw, i) => normalize(raw, `healthchecks.${processType}[${i}]`, defaults));
}

/** Validates every `healthchecks` entry of an app.json document (core-post-extract runs it before the build). */
export function validateHealthchecks(appJson: unknown): void {
  const all = parseHealthchecks(appJson);
  const defaults = { attempts: 1, wait: 0, timeout: 1 };
  for (const [type, list] of Object.entries(all)) list.forEach((raw, i) => normalize(raw, `healthchecks.${type}[${i}]`, defaults));
}

function parseHealthchecks(appJson: unknown): Record<string, RawCheck[]> {
  if (typeof appJson !== "object" || appJson === null || !("healthchecks" in appJson)) return {};
  const section = (appJson as { healthchecks: unknown }).healthchecks;
  if (section === undefined || section === null) return {};
  if (typeof section !== "object" || Array.isArray(section)) throw new UserError("Invalid app.json file: healthchecks must be an object keyed by process type");
  const result = v.safeParse(RawHealthchecks, section);
  if (!result.success) {
    const issue = result.issues[0];
    const path = v.getDotPath(issue);
    throw new UserError(`Invalid app.json file: healthchecks${path ? `.${path}` : ""}: ${issue.message}`);
  }
  return result.output;
}

function normalize(raw: RawCheck, where: string, defaults: CheckDefaults): Healthcheck {
  const strategies = [raw.command !== undefined && "command", raw.uptime !== undefined && "uptime", raw.listening === true && "listening", raw.path !== undefined && "path"].filter(Boolean);
  if (strategies.length > 1) throw new UserError(`Invalid app.json file: ${where}: set only one of ${strategies.join(", ")}`);
  const kind: CheckKind = raw.command !== undefined ? "command" : raw.uptime !== undefined ? "uptime" : raw.listening === true ? "listening" : "http";
  if (raw.content !== undefined && kind !== "http") throw new UserError(`Invalid app.json file: ${where}: content applies to path checks only`);
  const check: Omit<Healthcheck, "name"> = {
    description: raw.description,
    // dokku-compat: the healthchecker skips (and logs) a check without `type`; its docs call
    // startup the default, so a check without a type is a startup check here.
    type: raw.type || "startup",
    kind,
    path: raw.path ?? "/",
    scheme: raw.scheme === "https" ? "https" : "http",
    port: raw.port,
    content: raw.content === "" ? undefined : raw.content,
    command: raw.command,
    uptime: raw.uptime,
    attempts: raw.attempts ?? defaults.attempts,
    wait: raw.wait ?? defaults.wait,
    timeout: raw.timeout ?? defaults.timeout,
    initialDelay: raw.initialDelay ?? 0,
    headers: (raw.httpHeaders ?? []).map((h) => [h.name, h.value] as const),
    warn: raw.warn ?? false,
    onFailure: raw.onFailure !== undefined,
  };
  return { ...check, name: raw.name || generatedName(check) };
}

/** A readable name for a check that has none, from what it checks. */
export function generatedName(check: Omit<Healthcheck, "name">): string {
  switch (check.kind) {
    case "command":
      return `command ${JSON.stringify(check.command)}`;
    case "uptime":
      return `uptime ${check.uptime}s`;
    case "listening":
      return `listening${check.port === undefined ? "" : ` on port ${check.port}`}`;
    default:
      return `${check.scheme === "https" ? "https " : ""}path ${check.path}${check.content ? ` containing ${JSON.stringify(check.content)}` : ""}`;
  }
}

/** Dokku's default for a process type without startup checks: stay up `seconds` without restarting. */
export function defaultUptimeCheck(seconds: number): Healthcheck {
  return {
    name: "default",
    type: "startup",
    kind: "uptime",
    path: "/",
    scheme: "http",
    uptime: seconds,
    attempts: 1,
    wait: 0,
    timeout: 1,
    initialDelay: 0,
    headers: [],
    warn: false,
    onFailure: false,
  };
}

/** Dokku adds this warn-only check for web containers: something accepts connections on the port. */
export function webListeningCheck(defaults: CheckDefaults): Healthcheck {
  return {
    name: "port listening check",
    type: "startup",
    kind: "listening",
    path: "/",
    scheme: "http",
    attempts: defaults.attempts,
    wait: defaults.wait,
    timeout: defaults.timeout,
    initialDelay: 0,
    headers: [],
    warn: true,
    onFailure: false,
  };
}
