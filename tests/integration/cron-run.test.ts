// app.json cron tasks on a real host: Debian's cron daemon runs the crontab dokku installed (for a
// throw-away user, tests/_harness/crontab.ts), each line a `dokku cron:run APP ID` that starts a
// one-off container on the real dockerd through `run`'s scheduler-run. Concurrency policies,
// suspend and resume, and a deploy refused for a bad schedule while the old release serves.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type CrontabUser, createCrontabUser, crontabUnavailable, ensureCronDaemon } from "../_harness/crontab.ts";
import { docker, requireDocker } from "../_harness/docker.ts";
import { createHostDirs, dokkuCommand } from "../_harness/host.ts";
import { DeployWorld } from "./_deploy.ts";

const skip = (await requireDocker()) ?? crontabUnavailable();

/**
 * Whether the binary runs one-off containers (the run plugin answers scheduler-run). Until it
 * does, cron:run has nothing to start its container with, and the tests that need it are skipped.
 */
function runPluginPresent(): boolean {
  using dirs = createHostDirs("dokku-cron-probe-");
  const [bin, ...pre] = dokkuCommand();
  return spawnSync(bin!, [...pre, "run:help"], { env: dirs.env }).status === 0;
}
const noRun = !runPluginPresent();
if (!skip && noRun) process.stderr.write("SKIP cron tasks in containers: this dokku has no run plugin (scheduler-run)\n");

const world = new DeployWorld();
let user: CrontabUser;
let invocations: string;

/** A cron task as `cron:list --format json` prints it. */
type Listed = { id: string; command: string; schedule: string; maintenance: boolean };

/**
 * How long to wait for the cron daemon to do something: it reloads a changed crontab at its next
 * minute check and runs the job at the minute after; on a loaded machine `dokku cron:run` itself
 * then takes a while to start the container.
 */
const CRON_WAIT_MS = 240_000;

/** One line per `dokku` the cron daemon started: `EPOCH_SECONDS ARGS...`. */
async function invoked(): Promise<{ at: number; args: string }[]> {
  const text = await readFile(invocations, "utf8").catch(() => "");
  return text.split("\n").filter(Boolean).map((line) => {
    const [at, ...args] = line.split(" ");
    return { at: Number(at), args: args.join(" ") };
  });
}

/** The task's containers (any state), found by the label cron:run gives them. */
async function taskContainers(app: string, id: string): Promise<{ id: string; name: string; state: string }[]> {
  const r = await docker(["ps", "-a", "--no-trunc", "--filter", `label=com.dokku.app-name=${app}`, "--filter", `label=com.dokku.cron-id=${id}`, "--format", "{{.ID}} {{.Names}} {{.State}}"]);
  return r.stdout.split("\n").filter(Boolean).map((row) => {
    const [cid = "", name = "", state = ""] = row.split(" ");
    return { id: cid, name, state };
  });
}

async function tasks(app: string): Promise<Listed[]> {
  return JSON.parse((await world.ok("cron:list", app, "--format", "json")).stdout) as Listed[];
}

const appJson = (cron: unknown[]) => ({ "app.json": JSON.stringify({ cron }) });

describe.skipIf(Boolean(skip))("cron tasks on a real host", () => {
  beforeAll(async () => {
    await world.start();
    user = await createCrontabUser();
    await ensureCronDaemon();
    // cron starts jobs with an environment of its own: a wrapper gives them the test host's and
    // records each start, so a test can tell that cron ran (or did not run) a line.
    invocations = join(world.host.root, "cron-invocations");
    const wrapper = join(world.host.root, "dokku-from-cron");
    const exports = Object.entries(world.host.env).map(([key, value]) => `export ${key}='${value.replaceAll("'", "'\\''")}'`);
    const [bin, ...pre] = dokkuCommand();
    const exec = [bin!, ...pre].map((word) => `'${word}'`).join(" ");
    await writeFile(wrapper, `#!/bin/sh\n${exports.join("\n")}\necho "$(date +%s) $*" >> '${invocations}'\nexec ${exec} "$@"\n`, { mode: 0o755 });
    world.host.env.DOKKU_CRONTAB_USER = user.name;
    world.host.env.DOKKU_CRONTAB_COMMAND = wrapper;
  }, 15 * 60_000);

  afterAll(async () => {
    await user?.[Symbol.asyncDispose]();
    await world.stop();
  }, 300_000);

  test("an invalid schedule in app.json fails the deploy before any container changes; the previous release keeps serving and its tasks stay scheduled", async () => {
    const app = await world.createApp("badsched");
    const good = await world.deploy(app, "buildpack-procfile", appJson([{ command: "true", schedule: "5 5 5 5 5" }]));
    expect(good.code, good.stderr).toBe(0);
    const before = await world.stateFile(app, "CONTAINER.web.1");
    const [task] = await tasks(app);
    expect(await user.crontab()).toContain(`5 5 5 5 5 ${world.host.env.DOKKU_CRONTAB_COMMAND} cron:run ${app} ${task!.id}\n`);

    const bad = await world.deploy(app, "buildpack-procfile", appJson([{ command: "true", schedule: "61 * * * *" }]));
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain(` !     Invalid cron schedule for app ${app} (schedule 61 * * * *): end of range (61) above maximum (59): 61`);
    expect(bad.stdout).not.toContain("Deploying");
    expect(await world.stateFile(app, "CONTAINER.web.1")).toBe(before);
    expect(await world.get(app)).toBe("buildpack-procfile\n");
    expect((await world.containers(app)).map((c) => c.id)).toEqual([before!]);
    expect(await tasks(app)).toEqual([task!]);
    expect(await user.crontab()).toContain(`cron:run ${app} ${task!.id}\n`);
  }, 600_000);

  test.skipIf(noRun)(
    "a one-minute task runs from the cron daemon in a one-off container with its output in run:logs; forbid refuses a second run; suspend stops it, resume brings it back",
    async () => {
      const app = await world.createApp("minute");
      const cron = [
        // The fixture's Procfile `worker`: prints a line, then ticks until stopped.
        { command: "worker", schedule: "* * * * *", concurrency_policy: "forbid" },
        // A task that runs every minute too, so the test can tell a minute passed in cron's eyes.
        { command: "true", schedule: "* * * * *" },
      ];
      const r = await world.deploy(app, "buildpack-procfile", appJson(cron));
      expect(r.code, r.stderr).toBe(0);
      const [task, tick] = await tasks(app);

      const [first] = await world.waitFor("the cron daemon to start the task's container", async () => {
        const running = (await taskContainers(app, task!.id)).filter((c) => c.state === "running");
        return running.length > 0 ? running : undefined;
      }, CRON_WAIT_MS);
      // Dokku's name and type for a cron task's one-off container.
      expect(first!.name).toMatch(new RegExp(`^${app}\\.cron\\.[0-9]+$`));
      const type = await docker(["inspect", "-f", '{{index .Config.Labels "com.dokku.container-type"}}', first!.id]);
      expect(type.stdout.trim()).toBe("cron");
      // By name: the other task's containers come and go every minute.
      await world.waitFor("the task's output in run:logs", async () => (await world.ok("run:logs", "--container", first!.name)).stdout.includes("buildpack-procfile worker started"), 30_000);

      // forbid: a run by hand while the scheduled one is alive is refused, and starts nothing.
      const refused = await world.host.dokku(["cron:run", app, task!.id]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(` !     ${app} currently has a cron lock in place for ${task!.id}`);
      expect((await taskContainers(app, task!.id)).map((c) => c.id)).toEqual([first!.id]);

      // cron:suspend: the line leaves the crontab, cron:list says why, and cron starts it no more.
      await docker(["rm", "-f", first!.id]);
      const suspended = await world.ok("cron:suspend", app, task!.id);
      const suspendedAt = Math.floor(Date.now() / 1000);
      expect(suspended.stdout).toContain("Updated schedule file");
      expect(await user.crontab()).not.toContain(task!.id);
      expect((await world.ok("cron:list", app)).stdout).toMatch(new RegExp(`^${task!.id} +\\* \\* \\* \\* \\* +true \\(task\\) +worker$`, "m"));
      const nextMinute = (Math.floor(suspendedAt / 60) + 1) * 60;
      await world.waitFor("cron to run the other task in a later minute", async () =>
        (await invoked()).some((i) => i.at >= nextMinute && i.args === `cron:run ${app} ${tick!.id}`), CRON_WAIT_MS);
      expect((await invoked()).filter((i) => i.at >= nextMinute && i.args.includes(task!.id))).toEqual([]);
      expect(await taskContainers(app, task!.id)).toEqual([]);

      // cron:resume: back in the crontab, and cron runs it again.
      expect((await world.ok("cron:resume", app, task!.id)).stdout).toContain("Updated schedule file");
      expect((await tasks(app))[0]!.maintenance).toBe(false);
      await world.waitFor("the resumed task's container", async () => (await taskContainers(app, task!.id)).some((c) => c.state === "running"), CRON_WAIT_MS);
    },
    4 * CRON_WAIT_MS,
  );

  test.skipIf(noRun)("cron:run --detach starts the task in the background; replace stops the running one first", async () => {
    const app = await world.createApp("replace");
    const cron = [{ command: "sleep 600", schedule: "0 0 1 1 *", concurrency_policy: "replace" }];
    const r = await world.deploy(app, "buildpack-procfile", appJson(cron));
    expect(r.code, r.stderr).toBe(0);
    const [task] = await tasks(app);

    expect((await world.ok("cron:run", app, task!.id, "--detach")).code).toBe(0);
    const [first] = await taskContainers(app, task!.id);
    expect(first?.state).toBe("running");

    const second = await world.ok("cron:run", app, task!.id, "--detach");
    expect(second.stdout).toContain(`Stopping ${first!.name}: the task's concurrency policy is replace`);
    const running = (await taskContainers(app, task!.id)).filter((c) => c.state === "running");
    expect(running).toHaveLength(1);
    expect(running[0]!.id).not.toBe(first!.id);
  }, 600_000);
});
