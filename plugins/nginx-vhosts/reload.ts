import { readFile, readdir } from "node:fs/promises";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { type NginxHost, reloadArgv } from "./host.ts";

/** How long a reload may take to put new workers in place before we say so and go on. */
const RELOAD_WAIT_MS = 15_000;

/** The running master's pid from the pid file, or undefined when nginx is not running. */
export async function masterPid(host: NginxHost): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(host.pidFile, "utf8");
  } catch {
    return undefined;
  }
  const pid = Number(text.trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as { code?: string }).code === "ESRCH") return undefined;
  }
  return pid;
}

/** Worker processes of `master` that still accept connections (not "is shutting down"). */
async function activeWorkers(master: number): Promise<Set<number>> {
  const out = new Set<number>();
  for (const name of await readdir("/proc").catch(() => [] as string[])) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await readFile(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid !== master) continue;
      const title = (await readFile(`/proc/${name}/cmdline`, "utf8")).replace(/\0/g, " ");
      if (title.includes("worker process") && !title.includes("shutting down")) out.add(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/**
 * Reloads nginx gracefully and waits until the master runs new workers and every old one has
 * stopped accepting: from then on no new connection reaches the previous config, so the caller
 * may retire the old containers. A stopped nginx is left stopped (its config applies at start).
 */
export async function reloadNginx(ctx: Ctx, host: NginxHost, serviceCommand: string): Promise<void> {
  const master = await masterPid(host);
  if (master === undefined && !serviceCommand && !host.serviceCommand) {
    ctx.log.warn(`nginx is not running (no live pid in ${host.pidFile}): the config applies when it starts (dokku nginx:start)`);
    return;
  }
  const before = master === undefined ? new Set<number>() : await activeWorkers(master);
  const result = await ctx.exec(reloadArgv(host, serviceCommand), { check: false });
  if (result.code !== 0) throw new UserError(`Failed to reload nginx (exit ${result.code}): ${(result.stderr || result.stdout).trim()}`);
  if (master === undefined) return;
  const deadline = Date.now() + RELOAD_WAIT_MS;
  while (Date.now() < deadline) {
    const now = await activeWorkers(master);
    if ([...now].some((pid) => !before.has(pid)) && ![...before].some((pid) => now.has(pid))) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  ctx.log.warn(`nginx did not start new workers within ${RELOAD_WAIT_MS / 1000}s of the reload; see its error log`);
}
