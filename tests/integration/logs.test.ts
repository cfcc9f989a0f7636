// `dokku logs` and `logs:failed` on the compiled binary: the current release's containers (found
// by label and the scheduler's CONTAINER files, started here by hand), merged in time order,
// followed until interrupted; the failed deploy's containers framed.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { RUN_LABEL, TEST_IMAGES, docker, ensureTestImages, newRunId, requireDocker, sweepDocker } from "../_harness/docker.ts";
import { type RunResult, type TestHost, createTestHost, dokkuCommand } from "../_harness/host.ts";
import { dokkuInTty, installUndeployedScheduler, markDeployed, startAppContainer, waitFor } from "./_oneoff.ts";

const skip = await requireDocker();
const runId = newRunId();
const prefix = `it-${runId}-`;
const app = `${prefix}logs`;
let host: TestHost;

const STAMPED = /^(\d{4}-\d\d-\d\dT[0-9:.]+Z) app\[([a-z]+\.\d)\]: (.*)$/;

function refused(r: RunResult, message: string, code = 1): void {
  expect(r).toEqual({ code, stdout: "", stderr: ` !     ${message}\n` });
}

/** dokku as a child whose stdout we read line by line (to interrupt it, or to close the pipe). */
function follow(args: string[]) {
  const [bin, ...pre] = dokkuCommand();
  const child = spawn(bin!, [...pre, ...args], { env: host.env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, exited, out: () => out, err: () => err };
}

describe.skipIf(skip !== undefined)("logs", () => {
  beforeAll(async () => {
    await ensureTestImages();
    host = await createTestHost();
    expect((await host.dokku(["apps:create", app])).code).toBe(0);
    // A container of the previous release: labelled like the others, no longer in CONTAINER.web.1.
    await startAppContainer(host, { app, type: "web", index: 1, script: "echo old-release; exec sleep infinity", runId });
    await startAppContainer(host, { app, type: "web", index: 1, script: "echo w1-a; echo w1-b; exec sleep infinity", runId });
    await startAppContainer(host, { app, type: "web", index: 2, script: "echo w2-a; i=0; while true; do i=$((i+1)); echo w2-tick $i; sleep 0.2; done", runId });
    await startAppContainer(host, { app, type: "worker", index: 1, script: "echo worker-err >&2; exec sleep infinity", runId });
    await markDeployed(host, app);
    await waitFor("every container's first lines", async () => {
      const r = await host.dokku(["logs", app, "-q", "-n", "0"]);
      return ["w1-b", "w2-tick 2", "worker-err"].every((l) => r.stdout.includes(`${l}\n`)) ? true : undefined;
    });
  }, 15 * 60_000);
  afterAll(async () => {
    await sweepDocker(runId, prefix);
    await host?.[Symbol.asyncDispose]();
  }, 120_000);

  test("lines of every current container, in time order, as `<timestamp> app[<type>.<n>]: <line>`; old releases left out", async () => {
    const r = await host.dokku(["logs", app, "-n", "0"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n").map((l) => STAMPED.exec(l));
    expect(lines.every((m) => m !== null)).toBe(true);
    const stamps = lines.map((m) => m![1]!);
    expect(stamps).toEqual([...stamps].sort());
    const text = lines.map((m) => `${m![2]} ${m![3]}`);
    expect(text).toEqual(expect.arrayContaining(["web.1 w1-a", "web.1 w1-b", "web.2 w2-a", "worker.1 worker-err"]));
    expect(text.indexOf("web.1 w1-a")).toBeLessThan(text.indexOf("web.1 w1-b"));
    expect(r.stdout).not.toContain("old-release");
  }, 120_000);

  test("-p keeps one process type, -n the newest lines, -q the raw text", async () => {
    expect((await host.dokku(["logs", app, "-p", "worker", "-q"])).stdout).toBe("worker-err\n");
    const web = await host.dokku(["logs", app, "--ps", "web", "--num", "3"]);
    const lines = web.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(STAMPED.exec(line)?.[2]).toMatch(/^web\.[12]$/);
  }, 120_000);

  test("on a terminal each container's prefix is coloured", async () => {
    const r = await dokkuInTty(host, ["logs", app, "-p", "worker", "-n", "1"]);
    expect(r.stdout).toMatch(/\x1b\[36m\d{4}-[^\x1b]+ app\[worker\.1\]:\x1b\[0m worker-err/);
  }, 120_000);

  test("-t follows until interrupted, then ends quietly", async () => {
    const run = follow(["logs", app, "-t", "-n", "1", "-p", "web"]);
    await waitFor("followed lines", async () => (run.out().split("w2-tick").length > 3 ? true : undefined));
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(0);
    expect(run.err()).toBe("");
  }, 120_000);

  test("-t ends quietly when the reader of its output goes away (`| head`)", async () => {
    const run = follow(["logs", app, "-t", "-p", "web"]);
    await waitFor("a first line", async () => (run.out().includes("\n") ? true : undefined));
    run.child.stdout.destroy();
    // 141, as every command whose reader went away (a SIGPIPE'd bash in Dokku).
    expect(await run.exited).toBe(141);
    expect(run.err()).toBe("");
  }, 120_000);

  test("logs:failed frames the output of the containers the failed deploy left, and names those gone", async () => {
    const failed = await docker(["run", "-d", `--label=${RUN_LABEL}=${runId}`, `--label=com.dokku.app-name=${app}`, TEST_IMAGES.base, "sh", "-c", "echo boot failed; exit 3"]);
    const id = failed.stdout.trim();
    await waitFor("the failed container to exit", async () => ((await docker(["wait", id])).code === 0 ? true : undefined));
    const dir = join(host.libRoot, "data", "scheduler-docker-local", app);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "failed-containers"), `${id} web.1\n0123456789abcdef web.2\n`);
    const r = await host.dokku(["logs:failed", app]);
    expect(r.stdout).toBe(
      `=====> ${app} failed deploy logs\n=====> Start of ${app} container output (${id.slice(0, 12)} web.1)\nboot failed\n=====> End of ${app} container output (${id.slice(0, 12)} web.1)\n`,
    );
    expect(r.stderr).toBe(` !     Container 0123456789ab web.2 of ${app} no longer exists\n`);
    expect(r.code).toBe(0);
    const all = await host.dokku(["logs:failed", "--all"]);
    expect(all.stdout).toContain("boot failed\n");
  }, 120_000);

  test("bad input is one clear line and a non-zero exit", async () => {
    refused(await host.dokku(["logs", `${prefix}missing`]), `App ${prefix}missing does not exist`, 20);
    refused(await host.dokku(["logs"]), "Please specify an app to run the command on");
    refused(await host.dokku(["logs", app, "-p", "cron"]), `No cron containers found for ${app}`);
    refused(await host.dokku(["logs", app, "-p", "we b"]), 'Invalid process type "we b"');
    refused(await host.dokku(["logs", app, "-n", "-5"]), 'Invalid --num value "-5": expected a whole number of lines');
    refused(await host.dokku(["logs:failed", `${prefix}missing`]), `App ${prefix}missing does not exist`, 20);
    const empty = `${prefix}empty`;
    expect((await host.dokku(["apps:create", empty])).code).toBe(0);
    // docker-local: deployed means live containers recorded in CONTAINER.TYPE.N files.
    refused(await host.dokku(["logs", empty]), `App ${empty} has not been deployed`);
    expect(await host.dokku(["logs:failed", empty])).toEqual({
      code: 0, stdout: `=====> ${empty} failed deploy logs\n`, stderr: ` !     No failed containers found for ${empty}\n`,
    });
    // Recorded, but the container is gone (removed by hand).
    await writeFile(join(host.dokkuRoot, empty, "CONTAINER.web.1"), "0123456789abcdef0123\n");
    refused(await host.dokku(["logs", empty]), `No containers found for ${empty}`);
    await installUndeployedScheduler(host);
    expect((await host.dokku(["scheduler:set", empty, "selected", "fake"])).code).toBe(0);
    refused(await host.dokku(["logs", empty]), `App ${empty} has not been deployed`);
  }, 120_000);
});
