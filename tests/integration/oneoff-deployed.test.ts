// run, run:*, enter, logs and logs:failed against an app the docker-local scheduler deployed for
// real (herokuish build, web and worker containers with the scheduler's labels and state files,
// a redeploy, a deploy whose check fails), on the compiled binary.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawn } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { RUN_LABEL, TEST_IMAGES, docker, requireDocker } from "../_harness/docker.ts";
import { type RunResult, dokkuCommand } from "../_harness/host.ts";
import { installTriggerPlugin } from "../e2e/git-fixtures.ts";
import { DeployWorld } from "./_deploy.ts";
import { dokkuInTty } from "./_oneoff.ts";

const skip = await requireDocker();
const world = new DeployWorld();
let app: string;

/** The fixture's web process behind a wrapper that says it boots, naming its container (the hostname). */
const EXTRA = {
  Procfile: "web: ./boot.sh\nworker: ./worker.sh\n",
  "boot.sh": ["#!/usr/bin/env bash", 'echo "web booting on port ${PORT:-5000} in $HOSTNAME"', "exec ./web.sh", ""].join("\n"),
};

/**
 * A check that fails a new web container while `$DOKKU_LIB_ROOT/test-fail-web-APP` exists, once
 * the container said it boots (so its output is known when the deploy gives up on it).
 */
const FAILING_CHECK = [
  // $1 APP $2 CID $3 TYPE
  '[ "$3" = web ] && [ -f "$DOKKU_LIB_ROOT/test-fail-web-$1" ] || exit 0',
  'i=0; until docker logs "$2" 2>&1 | grep -q "web booting"; do i=$((i+1)); [ $i -gt 300 ] && break; sleep 0.1; done',
  'echo "failing $2 on purpose"; exit 1',
].join("\n");

const STAMPED = /^\d{4}-\d\d-\d\dT[0-9:.]+Z app\[(web|worker)\.1\]: (.*)$/;

function refused(r: RunResult, message: string, code = 1): void {
  expect(r).toEqual({ code, stdout: "", stderr: ` !     ${message}\n` });
}

/** `dokku logs APP ARGS...` once its output contains every one of `lines`. */
function logsShowing(args: string[], lines: string[]): Promise<RunResult> {
  return world.waitFor(`logs ${args.join(" ")} to show ${lines.join(", ")}`, async () => {
    const r = await world.ok("logs", app, ...args);
    return lines.every((l) => r.stdout.includes(l)) ? r : undefined;
  });
}

describe.skipIf(skip !== undefined)("one-off commands and logs on a docker-local deploy", () => {
  beforeAll(async () => {
    await world.start();
    await installTriggerPlugin(world.host, "test-oneoff-checks", { "check-deploy": FAILING_CHECK });
    app = await world.createApp("oneoff");
    const deployed = await world.deploy(app, "buildpack-procfile", EXTRA);
    if (deployed.code !== 0) throw new Error(`deploy failed:\n${deployed.stdout}\n${deployed.stderr}`);
    await world.ok("ps:scale", app, "worker=1");
    await world.waitFor("web.1 and worker.1 running", async () => ((await world.runningDynos(app)).join(" ") === "web.1 worker.1" ? true : undefined));
  }, 15 * 60_000);
  afterAll(() => world.stop(), 300_000);

  test("logs: every live container's lines, stamped and named by its labels; -p one type; -q raw", async () => {
    expect(await world.get(app)).toBe("buildpack-procfile\n");
    const web = (await world.stateFile(app, "CONTAINER.web.1"))!.slice(0, 12);
    const r = await logsShowing(["-n", "0"], [`app[web.1]: web booting on port 5000 in ${web}`, "app[worker.1]: buildpack-procfile worker started"]);
    expect(r.stderr).toBe("");
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.every((l) => STAMPED.test(l))).toBe(true);
    const stamps = lines.map((l) => l.split(" ", 1)[0]!);
    expect(stamps).toEqual([...stamps].sort());
    const worker = await world.ok("logs", app, "-p", "worker", "-q", "-n", "1");
    expect(worker.stdout).toMatch(/^buildpack-procfile worker (started|tick)\n$/);
    const raw = await world.ok("logs", app, "--ps", "web", "--quiet");
    expect(raw.stdout.split("\n")[0]).toBe(`web booting on port 5000 in ${web}`);
  }, 120_000);

  test("logs -t follows the worker until interrupted", async () => {
    const [bin, ...pre] = dokkuCommand();
    const child = spawn(bin!, [...pre, "logs", app, "-t", "-q", "-p", "worker", "-n", "1"], { env: world.host.env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    // The worker ticks every 5 s: a second line can only come from following.
    await world.waitFor("a followed tick", async () => (out.split("\n").length > 2 ? true : undefined));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(err).toBe("");
    expect(out).toContain("buildpack-procfile worker tick\n");
  }, 120_000);

  test("enter: TYPE, TYPE.N and --container-id reach the scheduler's containers (through /exec, with the app's env); a TTY under a terminal", async () => {
    const web = await world.stateFile(app, "CONTAINER.web.1");
    const worker = await world.stateFile(app, "CONTAINER.worker.1");
    expect(await world.host.dokku(["enter", app, "web", "hostname"])).toEqual({ code: 0, stdout: `${web!.slice(0, 12)}\n`, stderr: "" });
    expect(await world.host.dokku(["enter", app, "worker.1", "printenv", "DYNO"])).toEqual({ code: 0, stdout: "worker.1\n", stderr: "" });
    expect((await world.host.dokku(["enter", app, "--container-id", worker!, "hostname"])).stdout).toBe(`${worker!.slice(0, 12)}\n`);
    // herokuish's /exec word-splits its command (no `sh -c` scripts): a failing command's own exit code.
    expect((await world.host.dokku(["enter", app, "web", "ls", "/no-such-dir"])).code).toBe(2);
    const tty = await dokkuInTty(world.host, ["enter", app, "web", "tty"]);
    expect(tty.stdout).toContain("/dev/pts/");
    expect(tty.code).toBe(0);
  }, 120_000);

  test("run: the released image with the app's config; run:detached with a Procfile type, run:list, run:logs, run:stop", async () => {
    await world.ok("config:set", "--no-restart", app, "GREETING=hello there");
    const r = await world.host.dokku(["run", "-e", "EXTRA=x", app, "printenv", "GREETING", "EXTRA", "DYNO", "USER"]);
    expect(r.stdout).toMatch(/^hello there\nx\nrun\.\d+\nherokuishuser\n$/);
    expect(r.code).toBe(0);
    expect((await world.host.dokku(["run", app, "ls", "/no-such-dir"])).code).toBe(2);
    const started = await world.ok("run:detached", app, "worker");
    const name = started.stdout.trim().split("\n").pop()!;
    expect(name).toMatch(new RegExp(`^${app}\\.run\\.\\d+$`));
    expect(JSON.parse((await world.ok("run:list", app, "--format", "json")).stdout)).toContainEqual(expect.objectContaining({ name, state: "running" }));
    await world.waitFor("the worker's first line", async () =>
      (await world.host.dokku(["run:logs", app, "--container", name, "-q"])).stdout.includes("buildpack-procfile worker started") ? true : undefined,
    );
    expect((await world.ok("run:stop", app, "--container", name)).stdout).toBe(`-----> Stopping ${name}\n`);
  }, 120_000);

  test("after a redeploy logs shows the new containers only, and enter goes into them; logs:set's max-size reached them", async () => {
    const oldWorker = await world.stateFile(app, "CONTAINER.worker.1");
    expect((await world.ok("logs:set", app, "max-size", "20m")).stdout).toBe("=====> Setting max-size to 20m\n");
    await world.ok("ps:restart", app);
    const newWorker = await world.stateFile(app, "CONTAINER.worker.1");
    expect(newWorker).not.toBe(oldWorker);
    const logConfig = await docker(["container", "inspect", "-f", "{{json .HostConfig.LogConfig.Config}}", newWorker!]);
    expect(JSON.parse(logConfig.stdout)).toMatchObject({ "max-size": "20m" });
    expect((await world.ok("logs:report", app, "--logs-computed-max-size")).stdout).toBe("20m\n");
    const r = await logsShowing(["-p", "worker", "-q", "-n", "0"], ["buildpack-procfile worker started"]);
    expect(r.stdout.split("buildpack-procfile worker started")).toHaveLength(2);
    expect(r.stdout).not.toContain("stopping");
    expect((await world.ok("enter", app, "worker", "hostname")).stdout).toBe(`${newWorker!.slice(0, 12)}\n`);
  }, 300_000);

  test("logs:failed shows the output of the container a failed deploy left; the old release keeps serving and logging", async () => {
    const web = await world.stateFile(app, "CONTAINER.web.1");
    // The failed container is kept until its retirement: not before this test has read it.
    const waitToRetire = join(world.host.libRoot, "test-wait-to-retire");
    const failWeb = join(world.host.libRoot, `test-fail-web-${app}`);
    await writeFile(waitToRetire, "3600\n");
    await writeFile(failWeb, "");
    const failed = await world.host.dokku(["ps:restart", app]);
    await writeFile(waitToRetire, "0\n");
    await rm(failWeb);
    expect(failed.code).not.toBe(0);
    const recorded = (await readFile(join(world.host.libRoot, "data", "scheduler-docker-local", app, "failed-containers"), "utf8")).trim();
    const [cid, dyno] = recorded.split(" ");
    expect(dyno).toBe("web.1");
    const r = await world.ok("logs:failed", app);
    const short = cid!.slice(0, 12);
    const frame = `${app} container output (${short} web.1)`;
    const lines = r.stdout.trimEnd().split("\n");
    // The container's own lines (the web server may add one for the port check's connection).
    expect(lines.slice(0, 3)).toEqual([`=====> ${app} failed deploy logs`, `=====> Start of ${frame}`, `web booting on port 5000 in ${short}`]);
    expect(lines.at(-1)).toBe(`=====> End of ${frame}`);
    expect((await world.ok("logs:failed", "--all")).stdout).toContain(`web booting on port 5000 in ${short}\n`);
    expect(await world.stateFile(app, "CONTAINER.web.1")).toBe(web);
    expect(await world.get(app)).toBe("buildpack-procfile\n");
    expect((await world.ok("logs", app, "-p", "web", "-q", "-n", "0")).stdout).not.toContain(short);
  }, 300_000);

  test("run uses the current release's image, not a newer `latest` whose deploy never happened", async () => {
    const latest = (await docker(["image", "inspect", "-f", "{{.Id}}", `dokku/${app}:latest`])).stdout.trim();
    const context = join(world.host.root, "work", "moved-latest");
    await mkdir(context, { recursive: true });
    const labels = `com.dokku.image-stage=release com.dokku.app-name=${app} ${RUN_LABEL}=${world.runId}`;
    await writeFile(join(context, "Dockerfile"), `FROM ${TEST_IMAGES.base}\nENV WHICH=moved-latest\nLABEL ${labels}\n`);
    expect((await docker(["build", "-q", "-t", `dokku/${app}:latest`, context])).code).toBe(0);
    try {
      expect(await world.host.dokku(["run", app, "ls", "/app/boot.sh"])).toEqual({ code: 0, stdout: "/app/boot.sh\n", stderr: "" });
    } finally {
      expect((await docker(["image", "tag", latest, `dokku/${app}:latest`])).code).toBe(0);
    }
  }, 120_000);

  test("bad input is one clear line and a non-zero exit", async () => {
    const missing = `${world.prefix}missing`;
    for (const command of ["logs", "logs:failed", "enter", "run", "run:detached", "run:list", "run:logs", "run:stop"]) {
      const argv = [command, missing, ...(command === "run" || command === "run:detached" ? ["true"] : [])];
      refused(await world.host.dokku(argv), `App ${missing} does not exist`, 20);
    }
    refused(await world.host.dokku(["logs", app, "-p", "cron"]), `No cron containers found for ${app}`);
    refused(await world.host.dokku(["logs", app, "-p", "web.1"]), 'Invalid process type "web.1"');
    refused(await world.host.dokku(["logs", app, "-n", "many"]), 'Invalid --num value "many": expected a whole number of lines');
    refused(await world.host.dokku(["enter", app, "cron", "ls"]), `No running cron container found for ${app} (running: web, worker)`);
    refused(await world.host.dokku(["enter", app, "web.2", "ls"]), `No running container web.2 found for ${app} (running: web.1)`);
    refused(await world.host.dokku(["enter", app, "web/1"]), "Invalid process type web/1: expected TYPE or TYPE.N (letters, digits, _ and -; N from 1)");
    refused(await world.host.dokku(["enter", app]), `${app} runs several process types (web, worker): specify one, e.g. dokku enter ${app} web`);
    refused(await world.host.dokku(["run", "--ttl-seconds", "0", app, "true"]), 'Invalid --ttl-seconds value "0": expected a whole number of seconds, at least 1');
    refused(await world.host.dokku(["run", "-e", "=x", app, "true"]), 'Invalid environment variable "=x": expected KEY=VALUE');
    refused(await world.host.dokku(["run:logs", app, "--container", `${app}.web.1`]), "Specified container must be a run container");
    refused(await world.host.dokku(["run:stop", app, "--container", `${app}.web.1`]), "Specified container must be a run container");
    refused(await world.host.dokku(["run:list", app, "--format", "yaml"]), "Invalid --format value specified: yaml");
    refused(await world.host.dokku(["logs:set", app, "max-size", "big"]), "Invalid max-size value specified: big (a number followed by k, m or g, or unlimited)");
    refused(await world.host.dokku(["logs:report", app, "--logs-colour"]), "Invalid flag passed, valid flags: --logs-computed-max-size, --logs-global-max-size, --logs-global-vector-sink, --logs-max-size, --logs-vector-sink");
  }, 120_000);
});
