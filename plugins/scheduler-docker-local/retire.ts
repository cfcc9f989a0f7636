import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { join } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { DokkuError, errorMessage } from "../../src/core/errors.ts";
import type { DockerEngine } from "../../src/docker/engine.ts";
import { ownedBy } from "../../src/docker/labels.ts";
import { type RetireEntry, dequeue, readQueue } from "./retire-queue.ts";
import { stopTimeout } from "./settings.ts";

/**
 * Stops and removes every queued container whose time has come (all apps, or one): restart
 * policy off, `docker stop` with the app's stop timeout, forced removal (reference 7.4). A
 * container that is already gone just leaves the queue; one docker refuses to remove stays
 * queued and `retire-container-failed APP CID` fires. Returns how many were retired.
 */
export async function retireDue(ctx: Ctx, docker: DockerEngine, app?: string): Promise<number> {
  const now = Math.floor(Date.now() / 1000);
  const due = (await readQueue(ctx)).filter((e) => e.due <= now && (app === undefined || e.app === app));
  const done: string[] = [];
  const timeouts = new Map<string, number>();
  for (const entry of due) {
    if (!timeouts.has(entry.app)) timeouts.set(entry.app, await stopTimeout(ctx, entry.app).catch(() => 30));
    if (await retireOne(ctx, docker, entry, timeouts.get(entry.app)!)) done.push(entry.id);
  }
  await dequeue(ctx, done);
  return done.length;
}

async function retireOne(ctx: Ctx, docker: DockerEngine, entry: RetireEntry, timeout: number): Promise<boolean> {
  const info = await docker.inspectContainer(entry.id);
  if (!info) return true;
  // Never touch a container that is not the app's: the id in the queue could have been edited.
  if (!ownedBy(info.labels, entry.app)) {
    ctx.log.warn(`Not retiring container ${entry.id.slice(0, 12)}: it does not belong to ${entry.app}`);
    return true;
  }
  try {
    if (info.running || info.state === "restarting") {
      await docker.updateRestartPolicy(entry.id, "no");
      await docker.stopContainer(entry.id, { timeoutSeconds: timeout });
    }
    await docker.removeContainer(entry.id, { force: true });
    ctx.log.trace(`retired ${entry.app} container ${entry.id.slice(0, 12)}`);
    return true;
  } catch (error) {
    // Another retirer (the detached one, a deploy's backstop, ps:retire) may be removing it right now.
    const again = await docker.inspectContainer(entry.id).catch(() => info);
    if (!again || again.state === "removing") return true;
    ctx.log.warn(`Could not retire container ${entry.id.slice(0, 12)} of ${entry.app}: ${errorMessage(error)}`);
    await ctx.triggers.notify("retire-container-failed", entry.app, entry.id).catch(() => {});
    return false;
  }
}

/**
 * Starts `scheduler-docker-local:retire APP SECONDS` detached: a new session through
 * `setsid --fork` (so neither the ssh session's hangup nor its process group reaches it), stdio
 * closed. It waits out the retirement delay, then retires what is due; `ps:retire` (timer, and
 * every deploy) catches up if it never gets there.
 */
export async function spawnRetirer(ctx: Ctx, app: string, seconds: number): Promise<void> {
  const env = ctx.childEnv();
  delete env.DOKKU_PID; // it takes no lock on the app's behalf
  const setsid = findExecutable(ctx, "setsid");
  const argv = [...ctx.runtime.self, "scheduler-docker-local:retire", app, String(seconds)];
  const [command, ...args] = setsid ? [setsid, "--fork", ...argv] : argv;
  const child = spawn(command!, args, { detached: true, stdio: "ignore", env, cwd: "/" });
  await new Promise<void>((resolve, reject) => {
    child.once("spawn", () => resolve());
    child.once("error", (error) => reject(new DokkuError(`Unable to start the container retirement: ${error.message}`)));
  });
  child.unref();
}

function findExecutable(ctx: Ctx, name: string): string | undefined {
  for (const dir of (ctx.env.vars.PATH ?? "/usr/bin:/bin").split(":")) {
    const candidate = join(dir || ".", name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next directory
    }
  }
  return undefined;
}
