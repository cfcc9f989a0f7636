// run:detached, run:list, run:logs, run:stop and the --ttl-seconds expiry (run:retire, ps:retire)
// on the compiled binary against real Docker, with an image built by the real pipeline.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { TEST_IMAGES, docker, requireDocker } from "../_harness/docker.ts";
import type { RunResult } from "../_harness/host.ts";
import { BuilderWorld } from "./_builders.ts";
import { inspect, waitFor } from "./_oneoff.ts";

const skip = await requireDocker();
const world = new BuilderWorld();
let app: string;

/** Prints its name, then a numbered line a second until stopped (`sh` as PID 1 with a TERM trap, so stops are quick). */
const TICKER = ["sh", "-c", "trap 'exit 0' TERM; echo started; i=0; while true; do i=$((i+1)); echo tick $i; sleep 1; done"];

async function detached(...args: string[]): Promise<string> {
  const r = await world.host.dokku(["run:detached", ...args]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(new RegExp(`^${app.replace(/\./g, "\\.")}\\.run\\.\\d+\\n$`));
  return r.stdout.trim();
}

function refused(r: RunResult, message: string, code = 1): void {
  expect(r).toEqual({ code, stdout: "", stderr: ` !     ${message}\n` });
}

describe.skipIf(skip !== undefined)("run:detached and the run:* commands", () => {
  beforeAll(async () => {
    await world.start();
    expect((await world.host.dokku(["scheduler:set", "--global", "selected", "null"])).code).toBe(0);
    app = await world.createApp("runs");
    expect((await world.deployArchive(app, "dockerfile-hello", { Dockerfile: `FROM ${TEST_IMAGES.base}\nCMD ["sleep", "infinity"]\n` })).code).toBe(0);
    expect((await world.host.dokku(["scheduler:set", app, "selected", "docker-local"])).code).toBe(0);
  }, 15 * 60_000);
  afterAll(() => world.stop(), 180_000);

  test("run:detached names a labelled, TTY-less container; run:list shows it as a table and as JSON", async () => {
    const name = await detached(app, ...TICKER);
    const info = await inspect(name);
    expect(info?.Config.Tty).toBe(false);
    expect(info?.Config.Labels).toMatchObject({
      "com.dokku.app-name": app, "com.dokku.container-type": "run", "com.dokku.active-deadline-seconds": "86400", dokku: "",
    });
    const table = await world.host.dokku(["run:list", app]);
    expect(table.code).toBe(0);
    const lines = table.stdout.split("\n");
    expect(lines[0]).toBe(`=====> ${app} run containers`);
    expect(lines[1]).toMatch(/^NAMES\s+COMMAND\s+CREATED$/);
    expect(lines.some((l) => l.startsWith(`${name}   "sh -c 'trap`) && / ago$/.test(l))).toBe(true);
    const json = JSON.parse((await world.host.dokku(["run:list", "--format", "json", app])).stdout);
    expect(json).toContainEqual(expect.objectContaining({ name, state: "running" }));
    expect((await world.host.dokku(["run:stop", "--container", name])).stdout).toBe(`-----> Stopping ${name}\n`);
  }, 120_000);

  test("global --label flags given before the command reach the container; those of its command do not", async () => {
    // The word after `sh -c SCRIPT` is the script's $0: part of the container's command line.
    const r = await world.host.dokku(["--label=com.example.team=ops", "run:detached", app, ...TICKER, "--label=com.example.inner=x"]);
    expect(r.code).toBe(0);
    const labels = (await inspect(r.stdout.trim()))?.Config.Labels ?? {};
    expect(labels["com.example.team"]).toBe("ops");
    expect(labels["com.example.inner"]).toBeUndefined();
    await world.host.dokku(["run:stop", "--container", r.stdout.trim()]);
  }, 120_000);

  test("run:logs: one container by name or all of the app's, with timestamps and the run dyno, raw with -q, -n lines", async () => {
    const name = await detached(app, ...TICKER);
    const dyno = name.slice(app.length + 1);
    await waitFor("three ticks", async () => ((await world.host.dokku(["run:logs", "--container", name, "-q"])).stdout.includes("tick 3") ? true : undefined));
    const pretty = await world.host.dokku(["run:logs", app, "-n", "2"]);
    expect(pretty.code).toBe(0);
    const lines = pretty.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z app\\[${dyno.replace(".", "\\.")}\\]: tick \\d+$`));
    const raw = await world.host.dokku(["run:logs", "--container", name, "--quiet", "--num", "0"]);
    expect(raw.stdout.split("\n").slice(0, 2)).toEqual(["started", "tick 1"]);
    await world.host.dokku(["run:stop", app]);
  }, 120_000);

  test("run:stop stops every running run container of the app; with none it says so", async () => {
    const a = await detached(app, ...TICKER);
    const b = await detached(app, ...TICKER);
    const r = await world.host.dokku(["run:stop", app]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").filter(Boolean).sort()).toEqual([`-----> Stopping ${a}`, `-----> Stopping ${b}`].sort());
    // --rm: a stopped run container goes away.
    await waitFor("the stopped containers to be removed", async () => ((await inspect(a)) === undefined && (await inspect(b)) === undefined ? true : undefined));
    expect(await world.host.dokku(["run:stop", app])).toEqual({ code: 0, stdout: "", stderr: ` !     No running run containers found for ${app}\n` });
  }, 120_000);

  test("--ttl-seconds: run:retire and ps:retire stop expired run containers and leave the others", async () => {
    const kept = await detached(app, ...TICKER);
    const expiring = await detached("--ttl-seconds", "1", app, ...TICKER);
    expect((await inspect(expiring))?.Config.Labels["com.dokku.active-deadline-seconds"]).toBe("1");
    await waitFor("run:retire to stop the expired container", async () => {
      const r = await world.host.dokku(["run:retire", app]);
      expect(r.code).toBe(0);
      return r.stdout.includes(`Stopping ${expiring}`) ? r : undefined;
    });
    await waitFor("the expired container to be gone", async () => ((await inspect(expiring)) === undefined ? true : undefined));
    expect((await inspect(kept))?.State.Status).toBe("running");
    const second = await detached("--ttl-seconds=1", app, ...TICKER);
    await waitFor("ps:retire to stop it", async () => ((await world.host.dokku(["ps:retire", app])).stdout.includes(`Stopping ${second}`) ? true : undefined));
    expect((await inspect(kept))?.State.Status).toBe("running");
    await world.host.dokku(["run:stop", app]);
  }, 120_000);

  test("bad input is one clear line and a non-zero exit", async () => {
    const missing = `${world.prefix}missing`;
    refused(await world.host.dokku(["run:list", missing]), `App ${missing} does not exist`, 20);
    refused(await world.host.dokku(["run:list", "--format", "xml", app]), "Invalid --format value specified: xml");
    refused(await world.host.dokku(["run:logs", missing]), `App ${missing} does not exist`, 20);
    refused(await world.host.dokku(["run:logs"]), "No container or app specified");
    refused(await world.host.dokku(["run:logs", app, "-n", "ten"]), 'Invalid --num value "ten": expected a whole number of lines');
    refused(await world.host.dokku(["run:logs", app]), `No run containers found for ${app}`);
    refused(await world.host.dokku(["run:logs", "--container", `${app}.run.0`]), `No run container named ${app}.run.0 found`);
    refused(await world.host.dokku(["run:stop", missing]), `App ${missing} does not exist`, 20);
    refused(await world.host.dokku(["run:stop", app, "--container", `${app}.run.0`]), `No run container named ${app}.run.0 found for ${app}`);
    refused(await world.host.dokku(["run:retire", missing]), `App ${missing} does not exist`, 20);
    // A container of the app that is not a run container.
    const other = await docker(["run", "-d", `--label=com.dokku.test-run=${world.runId}`, `--label=com.dokku.app-name=${app}`, "--label=com.dokku.container-type=deploy", TEST_IMAGES.base, "sleep", "60"]);
    const id = other.stdout.trim();
    refused(await world.host.dokku(["run:logs", app, "--container", id]), "Specified container must be a run container");
    refused(await world.host.dokku(["run:stop", app, "--container", id]), "Specified container must be a run container");
    await docker(["rm", "-f", id]);
  }, 120_000);
});
