import { stat } from "node:fs/promises";
import { isIP } from "node:net";
import { join } from "node:path";
import { readConfig } from "../../src/core/config-api.ts";
import type { Ctx } from "../../src/core/context.ts";
import { DokkuError, UserError } from "../../src/core/errors.ts";
import { readExtracted } from "../../src/core/extracted-files.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import { ownedBy } from "../../src/docker/labels.ts";
import { parseChecksFile, renderChecksTemplate } from "./checks-file.ts";
import { type CheckDefaults, type Healthcheck, defaultUptimeCheck, healthchecksFor, webListeningCheck } from "./healthcheck.ts";
import { runChecks } from "./run-checks.ts";
import { CHECKS_DATA_PLUGIN, CHECKS_FILE, ChecksProps, PROCESS_TYPE } from "./schema.ts";
import { computedNumber, listCovers, readList } from "./settings.ts";

/** Dokku's default container port, used when check-deploy is given none (non-web containers). */
const DEFAULT_PORT = 5000;

/**
 * `check-deploy APP CONTAINER_ID PROC_TYPE PORT IP [CONTAINER_INDEX]` (reference 8.3): the
 * scheduler calls it for every new container after it started; throwing fails the deploy (the
 * scheduler then removes the new containers and the old release keeps serving).
 *
 * Only `startup` checks run here: `liveness` and `readiness` checks are recorded in app.json for
 * schedulers that run probes continuously (k3s), and docker-local never runs them, as in Dokku.
 *
 * dokku-compat: Dokku's check-deploy also prints the failed container's output and stops it. Here
 * both are left to the caller: the scheduler frames the output of whichever new container failed
 * (a check, an exit, a create error) and removes every new container of a failed deploy, and
 * `checks:run` prints the output itself, so a live container is never stopped by its checks.
 */
export const onCheckDeploy: TriggerHandler<"check-deploy"> = async (ctx, [appArg, containerId, processType, portArg, ip, index]) => {
  const app = await ctx.apps.verify(appArg);
  const dyno = `${processType}.${index || "1"}`;
  const port = parseArgs(containerId, processType, portArg, ip, index);
  if ((await ctx.triggers.query("scheduler-detect", app)).trim() !== "docker-local") return;
  if (listCovers(await readList(ctx, app, ChecksProps.skipped), processType)) {
    ctx.log.header(`Zero downtime checks have been skipped (${dyno})`);
    return;
  }
  const checks = await checksFor(ctx, app, processType);
  const docker = await ctx.docker();
  // Command checks run the app's own commands: only ever in the app's own containers.
  const info = await docker.inspectContainer(containerId);
  if (info && !ownedBy(info.labels, app)) throw new UserError(`Container ${containerId.slice(0, 12)} does not belong to app ${app}`);
  const failed = await runChecks(ctx.log, checks, { docker, containerId, ip, port, headers: await defaultHeaders(ctx, app) });
  if (failed === 0) {
    ctx.log.detail(`All checks successful (${dyno})`);
    return;
  }
  throw new DokkuError(`Could not start due to ${failed} failed checks (${dyno})`);
};

/** Checks the positional arguments (they may come from `plugin:trigger`); returns the port. */
function parseArgs(containerId: string, processType: string, port: string, ip: string, index: string | undefined): number {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(containerId)) throw new UserError(`Invalid container id specified: ${JSON.stringify(containerId)}`);
  if (!PROCESS_TYPE.test(processType)) throw new UserError(`Invalid process type specified: ${JSON.stringify(processType)}`);
  if (port !== "" && (!/^[0-9]+$/.test(port) || Number(port) < 1 || Number(port) > 65535)) throw new UserError(`Invalid port specified: ${JSON.stringify(port)}`);
  if (ip !== "" && isIP(ip) === 0) throw new UserError(`Invalid IP address specified: ${JSON.stringify(ip)}`);
  if (index !== undefined && index !== "" && !/^[1-9][0-9]*$/.test(index)) throw new UserError(`Invalid container index specified: ${JSON.stringify(index)}`);
  return port === "" ? DEFAULT_PORT : Number(port);
}

/**
 * The startup checks of one process type: app.json `healthchecks.<type>`, plus (for web) the
 * legacy CHECKS file converted; without any, Dokku's default (stay up `default-wait` seconds).
 * Web containers also get Dokku's warn-only "something listens on PORT" check.
 */
export async function checksFor(ctx: Ctx, app: string, processType: string): Promise<Healthcheck[]> {
  const defaults: CheckDefaults = {
    attempts: await computedNumber(ctx, app, ChecksProps.attempts),
    wait: await computedNumber(ctx, app, ChecksProps.wait),
    timeout: await computedNumber(ctx, app, ChecksProps.timeout),
  };
  const declared = healthchecksFor(await appJson(ctx, app), processType, defaults);
  const startup = declared.filter((check) => check.type === "startup");
  if (startup.length < declared.length) {
    ctx.log.detail(`Skipping ${declared.length - startup.length} liveness/readiness checks: the docker-local scheduler runs startup checks only`);
  }
  if (processType === "web") startup.push(...(await legacyChecks(ctx, app, defaults)));
  if (startup.length === 0) startup.push(defaultUptimeCheck(await computedNumber(ctx, app, ChecksProps.defaultWait)));
  if (processType === "web") startup.push(webListeningCheck(defaults));
  return startup;
}

async function appJson(ctx: Ctx, app: string): Promise<unknown> {
  const text = (await ctx.triggers.query("app-json-get-content", app)).trim();
  if (text === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new UserError("Invalid app.json file: not valid JSON");
  }
}

/** The CHECKS file of this deploy (or of the running release), converted, with Dokku's deprecation warning. */
async function legacyChecks(ctx: Ctx, app: string, defaults: CheckDefaults): Promise<Healthcheck[]> {
  const text = await readExtracted(ctx, checksFile(ctx, app));
  if (text === undefined || text.trim() === "") return [];
  ctx.log.warn("Deprecated: Usage of the CHECKS file is deprecated in favor of healthchecks in app.json");
  ctx.log.warn("Please move your healthchecks to app.json.");
  const config = await readConfig(ctx, app, "merged");
  return parseChecksFile(renderChecksTemplate(text, (name) => config.get(name)), defaults);
}

/** `LIB/data/scheduler-docker-local/APP/CHECKS`, where Dokku keeps the CHECKS file of the push. */
export function checksFile(ctx: Ctx, app: string): { dir: string; name: string } {
  return { dir: ctx.paths.dataDir(CHECKS_DATA_PLUGIN, app), name: CHECKS_FILE };
}

/**
 * `Host: <first app domain>` (not localhost, no wildcard) when the domains plugin answers, and
 * `X-Forwarded-Proto: https` when the app has a certificate, so apps that check either answer.
 */
async function defaultHeaders(ctx: Ctx, app: string): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  if (await ctx.triggers.exists("domains-list")) {
    const domains = (await ctx.triggers.query("domains-list", app)).split(/\s+/).filter(Boolean);
    const domain = domains.find((d) => d !== "localhost" && !d.includes("*"));
    if (domain) headers.Host = domain;
  }
  const tls = join(ctx.paths.appDir(app), "tls");
  if ((await isFile(join(tls, "server.crt"))) && (await isFile(join(tls, "server.key")))) headers["X-Forwarded-Proto"] = "https";
  return headers;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}
