// `dokku enter` on the compiled binary: into running app containers found by their labels
// (started here as the docker-local scheduler labels them), with /exec for herokuish images,
// a TTY under a terminal and the command's exit code.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RUN_LABEL, TEST_IMAGES, docker, ensureTestImages, newRunId, requireDocker, sweepDocker } from "../_harness/docker.ts";
import { type RunResult, type TestHost, createTestHost } from "../_harness/host.ts";
import { dokkuInTty, startAppContainer } from "./_oneoff.ts";

const skip = await requireDocker();
const runId = newRunId();
const prefix = `it-${runId}-`;
const multi = `${prefix}multi`;
const single = `${prefix}single`;
/** An image the way herokuish builds look to Dokku: builder-type label and an `/exec` entry point. */
const execImage = `${prefix}exec:latest`;
let host: TestHost;
const ids: Record<string, string> = {};

function refused(r: RunResult, message: string, code = 1): void {
  expect(r).toEqual({ code, stdout: "", stderr: ` !     ${message}\n` });
}

describe.skipIf(skip !== undefined)("enter", () => {
  beforeAll(async () => {
    await ensureTestImages();
    host = await createTestHost();
    const context = await mkdtemp(join(tmpdir(), "dokku-enter-image-"));
    await writeFile(join(context, "exec"), '#!/bin/sh\necho "via /exec"\nexec "$@"\n', { mode: 0o755 });
    await writeFile(join(context, "Dockerfile"), `FROM ${TEST_IMAGES.base}\nCOPY exec /exec\nLABEL com.dokku.builder-type=herokuish ${RUN_LABEL}=${runId}\n`);
    expect((await docker(["build", "-q", "-t", execImage, context])).code).toBe(0);
    await rm(context, { recursive: true, force: true });
    for (const app of [multi, single]) expect((await host.dokku(["apps:create", app])).code).toBe(0);
    const sleeper = "exec sleep infinity";
    ids.web1 = await startAppContainer(host, { app: multi, type: "web", index: 1, script: sleeper, runId });
    ids.web2 = await startAppContainer(host, { app: multi, type: "web", index: 2, script: sleeper, runId });
    ids.worker1 = await startAppContainer(host, { app: multi, type: "worker", index: 1, script: sleeper, runId });
    ids.single = await startAppContainer(host, { app: single, type: "web", index: 1, script: sleeper, image: execImage, runId });
  }, 15 * 60_000);
  afterAll(async () => {
    await sweepDocker(runId, prefix);
    await host?.[Symbol.asyncDispose]();
  }, 120_000);

  test("TYPE enters the first container of the type, TYPE.N that one; the command's output and exit code come back", async () => {
    const first = await host.dokku(["enter", multi, "web", "hostname"]);
    expect(first).toEqual({ code: 0, stdout: `${ids.web1!.slice(0, 12)}\n`, stderr: "" });
    const second = await host.dokku(["enter", multi, "web.2", "sh", "-c", "hostname; echo oops >&2; exit 5"]);
    expect(second).toEqual({ code: 5, stdout: `${ids.web2!.slice(0, 12)}\n`, stderr: "oops\n" });
    expect((await host.dokku(["enter", multi, "worker", "--", "ls", "-d", "/"])).stdout).toBe("/\n");
  }, 120_000);

  test("--container-id enters that container of the app", async () => {
    expect((await host.dokku(["enter", multi, "--container-id", ids.worker1!, "hostname"])).stdout).toBe(`${ids.worker1!.slice(0, 12)}\n`);
  }, 120_000);

  test("herokuish images run the command through /exec; with one process type the type may be left out", async () => {
    expect(await host.dokku(["enter", single, "--container-id", ids.single!, "echo", "hi"])).toEqual({ code: 0, stdout: "via /exec\nhi\n", stderr: "" });
    expect((await host.dokku(["enter", single])).stdout).toBe("via /exec\n");
  }, 120_000);

  test("a TTY when stdin and stdout are terminals", async () => {
    const tty = await dokkuInTty(host, ["enter", multi, "web", "tty"]);
    expect(tty.stdout).toContain("/dev/pts/");
    expect(tty.code).toBe(0);
    expect(await host.dokku(["enter", multi, "web", "tty"])).toMatchObject({ code: 1, stdout: "not a tty\n" });
  }, 120_000);

  test("bad input is one clear line and a non-zero exit", async () => {
    refused(await host.dokku(["enter", `${prefix}missing`, "web"]), `App ${prefix}missing does not exist`, 20);
    refused(await host.dokku(["enter"]), "Please specify an app to run the command on");
    refused(await host.dokku(["enter", multi, "cron", "ls"]), `No running cron container found for ${multi} (running: web, worker)`);
    refused(await host.dokku(["enter", multi, "web.3", "ls"]), `No running container web.3 found for ${multi} (running: web.1, web.2)`);
    refused(await host.dokku(["enter", multi, "we$b"]), "Invalid process type we$b: expected TYPE or TYPE.N (letters, digits, _ and -; N from 1)");
    refused(await host.dokku(["enter", multi]), `${multi} runs several process types (web, worker): specify one, e.g. dokku enter ${multi} web`);
    refused(await host.dokku(["enter", multi, "--container-id", ids.single!, "ls"]), `No container ${ids.single} found for ${multi}`);
    refused(await host.dokku(["enter", multi, "--container-id"]), "--container-id requires a container id");
  }, 120_000);
});
