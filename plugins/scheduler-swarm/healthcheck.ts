// Pure: app.json `healthchecks.<type>` mapped onto a Swarm service health check. Swarm runs the
// check inside each task and counts a task as running only once it is healthy, so a rolling
// update whose new tasks never turn healthy fails and (failure action rollback) rolls back.
import { UserError } from "../../src/core/errors.ts";
import type { HealthConfig } from "../../src/docker/service-spec.ts";

interface RawCheck {
  type?: string;
  command?: unknown;
  path?: unknown;
  port?: unknown;
  listening?: unknown;
  uptime?: unknown;
  attempts?: unknown;
  wait?: unknown;
  timeout?: unknown;
  initialDelay?: unknown;
}

const NS = 1e9;

/**
 * The first startup/readiness/liveness check of `type` as the service's health check: `command`
 * as is, else an HTTP `path` fetched on `PORT` (curl, else wget, inside the container). Undefined
 * when the type has no checks; `uptime` and `listening` checks have no Swarm form and are refused.
 * dokku-compat: Dokku's scheduler-k3s maps them onto Kubernetes probes; one Swarm check per service.
 */
export function serviceHealthcheck(appJson: unknown, type: string, port: number | undefined): HealthConfig | undefined {
  const checks = ((appJson as { healthchecks?: Record<string, unknown> } | null)?.healthchecks ?? {})[type];
  if (!Array.isArray(checks) || checks.length === 0) return undefined;
  const check = checks[0] as RawCheck;
  const timing = {
    Interval: Math.max(1, num(check.wait, 2)) * NS, // 0 would mean Docker's default of 30 s
    Timeout: Math.max(1, num(check.timeout, 5)) * NS,
    Retries: Math.max(1, num(check.attempts, 3)),
    StartPeriod: num(check.initialDelay, 0) * NS,
  };
  if (Array.isArray(check.command)) return { Test: ["CMD", ...check.command.map(String)], ...timing };
  for (const kind of ["uptime", "listening"] as const) {
    if (check[kind] !== undefined && check[kind] !== false) throw new UserError(`The ${type} healthcheck uses "${kind}", which Swarm services cannot check: use a command or path check`);
  }
  const target = typeof check.port === "number" ? check.port : port;
  if (target === undefined) throw new UserError(`The ${type} healthcheck needs a port: set its port field`);
  const path = typeof check.path === "string" ? check.path : "/";
  if (!/^\/[^\s'"\\;&|`$<>]*$/.test(path)) throw new UserError(`Invalid healthcheck path: ${path}`);
  const url = `http://127.0.0.1:${target}${path}`;
  return { Test: ["CMD-SHELL", `curl -fsS -o /dev/null '${url}' 2>/dev/null || wget -q -O /dev/null '${url}'`], ...timing };
}

function num(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : fallback;
}
