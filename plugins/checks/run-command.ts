import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { appArg } from "../../src/cli/shared-args.ts";
import type { Ctx } from "../../src/core/context.ts";
import { recordedContainer } from "../../src/core/dyno-files.ts";
import { DokkuError, UserError, isNotFound } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";
import type { ContainerSummary } from "../../src/docker/engine.ts";
import { LABELS, ownedBy } from "../../src/docker/labels.ts";
import { ChecksProps, FAILURE_LOG_LINES, PROCESS_TYPE } from "./schema.ts";
import { listCovers, readList } from "./settings.ts";

/** One container to check: its process type and index, as the labels say. */
interface Dyno {
  type: string;
  index: number;
  container: ContainerSummary;
}

/**
 * `checks:run APP [type|type.N,...]` (reference 8.2): runs `check-deploy` against the app's running
 * containers, found by their labels (app, process type, index), for every type of the formation or
 * the ones named. Types with zero downtime disabled are skipped, as in Dokku.
 */
export const checksRun = defineCommand({
  name: "checks:run",
  description: "Runs zero-downtime checks for all processes (or comma-separated process-type list)",
  usage: "<app> [<process-type(s)>]",
  args: { ...appArg, types: { type: "positional", description: "Comma-separated process types or type.N", required: false } },
  async run(ctx, args) {
    const [name, list, extra] = args._.map(String);
    const app = await ctx.apps.verify(name);
    if (extra !== undefined) throw new UserError(`Unexpected argument ${JSON.stringify(extra)}: separate process types with commas (web,worker.2)`);
    const selection = parseSelection(app, list);
    ctx.log.step("Running pre-flight checks");
    const formation = await readFormation(ctx, app);
    const dynos = await runningDynos(ctx, app);
    const disabled = await readList(ctx, app, ChecksProps.disabled);
    const targets: Dyno[] = [];
    for (const { type, index } of selection ?? [...formation.keys()].map((type) => ({ type, index: undefined }))) {
      if (!formation.has(type) && !dynos.some((d) => d.type === type)) throw new UserError(`Invalid process type specified (${app}.${type})`);
      if (listCovers(disabled, type)) {
        ctx.log.step(`Zero downtime is disabled for app (${app}.${type}). Skipping checks`);
        continue;
      }
      const count = formation.get(type) ?? 0;
      const indexes = index !== undefined ? [index] : Array.from({ length: count }, (_, i) => i + 1);
      for (const i of indexes) {
        const dyno = dynos.find((d) => d.type === type && d.index === i);
        if (!dyno) throw new UserError(`Invalid container index specified (${app}.${type}.${i})`);
        targets.push(dyno);
      }
    }
    for (const dyno of targets) await checkDyno(ctx, app, dyno);
  },
});

/** `web,worker.2` -> [{web}, {worker, 2}]; undefined when nothing was named (every type). */
function parseSelection(app: string, list: string | undefined): { type: string; index?: number }[] | undefined {
  if (list === undefined || list === "_all_") return undefined;
  return list.split(",").map((item) => {
    const m = /^([^.]*)(?:\.(.*))?$/.exec(item.trim())!;
    const type = m[1]!;
    if (!PROCESS_TYPE.test(type)) throw new UserError(`Invalid process type specified (${app}.${item.trim()})`);
    if (m[2] === undefined) return { type };
    if (!/^[1-9][0-9]*$/.test(m[2])) throw new UserError(`Invalid container index specified (${app}.${item.trim()})`);
    return { type, index: Number(m[2]) };
  });
}

/** The formation from the ps plugin (`type=count` lines), in its order. */
async function readFormation(ctx: Ctx, app: string): Promise<Map<string, number>> {
  const formation = new Map<string, number>();
  for (const line of (await ctx.triggers.query("ps-current-scale", app)).split("\n")) {
    const m = /^([A-Za-z0-9_-]+)=([0-9]+)$/.exec(line.trim());
    if (m) formation.set(m[1]!, Number(m[2]));
  }
  return formation;
}

/**
 * The app's running deploy containers by type and index. While a deploy's old containers wait for
 * retirement, two containers share a type and index: the one recorded in `CONTAINER.TYPE.N` (the
 * live release) wins, else the newest.
 */
async function runningDynos(ctx: Ctx, app: string): Promise<Dyno[]> {
  const docker = await ctx.docker();
  const listed = await docker.listContainers({ labels: { [LABELS.app]: app }, all: false });
  const byDyno = new Map<string, Dyno>();
  for (const container of listed.sort((a, b) => b.created - a.created)) {
    const type = container.labels[LABELS.processType];
    const index = Number(container.labels[LABELS.containerIndex]);
    const role = container.labels["com.dokku.container-type"];
    if (!ownedBy(container.labels, app) || !type || !Number.isInteger(index) || index < 1 || (role && role !== "deploy")) continue;
    const key = `${type}.${index}`;
    const current = byDyno.get(key);
    if (!current || (await recordedContainer(ctx, app, key)) === container.id) byDyno.set(key, { type, index, container });
  }
  return [...byDyno.values()];
}

async function readState(ctx: Ctx, app: string, name: string): Promise<string | undefined> {
  try {
    return await readFile(join(ctx.paths.appDir(app), name), "utf8");
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

async function checkDyno(ctx: Ctx, app: string, { type, index, container }: Dyno): Promise<void> {
  ctx.log.step(`Running checks for app (${app}.${type}.${index})`);
  const ip = await containerIp(ctx, app, type, container);
  const port = await containerPort(ctx, app, `${type}.${index}`);
  try {
    await ctx.triggers.notify("check-deploy", app, container.id, type, port, ip, String(index));
  } catch (error) {
    if (error instanceof DokkuError && !(error instanceof UserError)) await printContainerOutput(ctx, app, container.id, `${type}.${index}`);
    throw error;
  }
}

/** The container's last log lines, framed as Dokku frames them after failed checks. */
async function printContainerOutput(ctx: Ctx, app: string, containerId: string, dyno: string): Promise<void> {
  const label = `(${containerId.slice(0, 12)} ${dyno})`;
  ctx.log.header(`Start of ${app} container output ${label}`);
  await (await ctx.docker()).containerLogs(containerId, { tail: FAILURE_LOG_LINES }, (line) => ctx.log.detail(line));
  ctx.log.header(`End of ${app} container output ${label}`);
}

/** The network plugin's answer when it has one (custom initial networks), else the bridge address. */
async function containerIp(ctx: Ctx, app: string, type: string, container: ContainerSummary): Promise<string> {
  if (await ctx.triggers.exists("network-get-ipaddr")) {
    const ip = (await ctx.triggers.query("network-get-ipaddr", app, type, container.id)).trim();
    if (ip) return ip;
  }
  return container.networks.bridge?.ip || Object.values(container.networks).find((n) => n.ip)?.ip || "";
}

/** The port the scheduler recorded for the container, else the first non-udp port mapping, else "". */
async function containerPort(ctx: Ctx, app: string, dyno: string): Promise<string> {
  const recorded = (await readState(ctx, app, `PORT.${dyno}`))?.trim();
  if (recorded) return recorded;
  if (!(await ctx.triggers.exists("ports-get"))) return "";
  for (const line of (await ctx.triggers.query("ports-get", app)).split("\n")) {
    const [scheme, , containerPort] = line.trim().split(":");
    if (scheme && scheme !== "udp" && containerPort && /^[0-9]+$/.test(containerPort)) return containerPort;
  }
  return "";
}
