import type { Log } from "../../src/core/log.ts";
import type { ContainerInfo, DockerEngine } from "../../src/docker/engine.ts";
import type { Healthcheck } from "./healthcheck.ts";
import { probeCommand, probeHttp, probeListening } from "./probes.ts";

/** The container under check and what every check of it shares. */
export interface CheckTarget {
  readonly docker: DockerEngine;
  readonly containerId: string;
  readonly ip: string;
  /** Port for checks that set none: the PORT check-deploy was given. */
  readonly port: number;
  /** Headers every HTTP check sends unless it sets its own (Host, X-Forwarded-Proto). */
  readonly headers: Readonly<Record<string, string>>;
}

/** Poll interval while an uptime check watches the container. */
const WATCH_MS = 250;

/**
 * Runs the checks in parallel, as the healthchecker does, and returns how many failed (warn-only
 * failures are reported but not counted). Nothing waits unless a check asks for it (`initialDelay`,
 * `uptime`, `wait` between attempts): a check that passes at once returns at once. A container that
 * stops fails its remaining attempts immediately instead of waiting them out.
 */
export async function runChecks(log: Log, checks: readonly Healthcheck[], target: CheckTarget): Promise<number> {
  const first = await target.docker.inspectContainer(target.containerId);
  const startedAt = parseTime(first?.startedAt) ?? Date.now();
  const results = await Promise.all(
    checks.map(async (check) => {
      const description = check.description ? ` description='${check.description}'` : "";
      log.detail(`Running healthcheck name='${check.name}'${description} ${settings(check, target)}`);
      const error = first?.state === "running" ? await runOne(check, target, startedAt, log) : containerGone(first);
      report(log, check, error);
      return error !== undefined && !check.warn;
    }),
  );
  return results.filter(Boolean).length;
}

async function runOne(check: Healthcheck, target: CheckTarget, startedAt: number, log: Log): Promise<string | undefined> {
  await sleepUntil(startedAt + check.initialDelay * 1000);
  if (check.kind === "uptime") return watchUptime(target, startedAt + (check.uptime ?? 0) * 1000);
  let error: string | undefined;
  for (let attempt = 1; attempt <= check.attempts; attempt++) {
    error = await probe(check, target);
    if (error === undefined) return undefined;
    if (attempt === check.attempts) break;
    const gone = containerGone(await target.docker.inspectContainer(target.containerId));
    if (gone) return `${error}; ${gone}`;
    log.detail(`Attempt ${attempt}/${check.attempts} failed name='${check.name}': ${error}; retrying in ${check.wait}s`);
    await sleepUntil(Date.now() + check.wait * 1000);
  }
  return error;
}

function probe(check: Healthcheck, target: CheckTarget): Promise<string | undefined> {
  const port = check.port ?? target.port;
  if (check.kind !== "command" && target.ip === "") return Promise.resolve("the container has no IP address to check");
  switch (check.kind) {
    case "command":
      return probeCommand(target.docker, target.containerId, check.command ?? [], check.timeout);
    case "listening":
      return probeListening(target.ip, port, check.timeout);
    default: {
      const headers: Record<string, string> = { ...target.headers };
      for (const [name, value] of check.headers) {
        for (const key of Object.keys(headers)) if (key.toLowerCase() === name.toLowerCase()) delete headers[key];
        headers[name] = value;
      }
      return probeHttp({ scheme: check.scheme, ip: target.ip, port, path: check.path, headers, content: check.content, timeoutSeconds: check.timeout });
    }
  }
}

/**
 * Uptime: the container runs until `until` without stopping or restarting. Watched, so a container
 * that exits fails the check as soon as it does; no retries (the healthchecker gives none either).
 */
async function watchUptime(target: CheckTarget, until: number): Promise<string | undefined> {
  for (;;) {
    const info = await target.docker.inspectContainer(target.containerId);
    const gone = containerGone(info);
    if (gone) return gone;
    if (info!.restartCount > 0) return `the container restarted ${info!.restartCount} time${info!.restartCount === 1 ? "" : "s"}`;
    const remaining = until - Date.now();
    if (remaining <= 0) return undefined;
    await sleepUntil(Date.now() + Math.min(remaining, WATCH_MS));
  }
}

/** Why the container cannot be checked any more, or undefined while it runs. */
function containerGone(info: ContainerInfo | undefined): string | undefined {
  if (!info) return "the container no longer exists";
  if (info.state === "running") return undefined;
  if (info.state === "exited" || info.state === "dead") return `the container exited with code ${info.exitCode}`;
  return `the container is ${info.state}`;
}

function report(log: Log, check: Healthcheck, error: string | undefined): void {
  if (error === undefined) return log.detail(`Healthcheck succeeded name='${check.name}'`);
  if (check.warn) return log.warn(`Healthcheck failed (warning only) name='${check.name}': ${error}`);
  log.warn(`Failure in name='${check.name}': ${error}`);
  // dokku-compat: the healthchecker runs `onFailure` hooks (a host command, a POST); check-deploy
  // never runs a command from the pushed source on the host, so hooks are reported, not run.
  if (check.onFailure) log.warn(`onFailure hook of name='${check.name}' not run: hooks are not supported`);
}

function settings(check: Healthcheck, target: CheckTarget): string {
  const port = check.port ?? target.port;
  const what =
    check.kind === "uptime"
      ? `uptime=${check.uptime}s`
      : check.kind === "command"
        ? `command=${JSON.stringify(check.command)}`
        : check.kind === "listening"
          ? `port=${port}`
          : `path=${check.path} port=${port}${check.scheme === "https" ? " scheme=https" : ""}`;
  const retries = check.kind === "uptime" ? "" : ` attempts=${check.attempts} wait=${check.wait}s timeout=${check.timeout}s`;
  const delay = check.initialDelay > 0 ? ` initialDelay=${check.initialDelay}s` : "";
  return `${what}${retries}${delay}${check.warn ? " (warning only)" : ""}`;
}

/** Docker's RFC 3339 times carry nanoseconds; Date.parse takes milliseconds. */
export function parseTime(text: string | undefined): number | undefined {
  if (!text || text.startsWith("0001-")) return undefined;
  const ms = Date.parse(text.replace(/(\.\d{3})\d+/, "$1"));
  return Number.isNaN(ms) ? undefined : ms;
}

function sleepUntil(when: number): Promise<void> {
  const ms = when - Date.now();
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
