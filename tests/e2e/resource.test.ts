// resource:* on the compiled binary: limits and reservations per app, process type and host,
// the report, and the docker flags docker-args-process-deploy / -run print.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createTestHost, type RunResult, type TestHost } from "../_harness/host.ts";

let host: TestHost;
beforeAll(async () => {
  host = await createTestHost();
  expect((await host.dokku(["apps:create", "rs"])).code).toBe(0);
});
afterAll(() => host?.[Symbol.asyncDispose]());

function refused(r: RunResult, message: string, code = 1): void {
  expect(r).toEqual({ code, stdout: "", stderr: ` !     ${message}\n` });
}
const processArgs = async (type: string, env?: Record<string, string>) =>
  (await host.dokku(["plugin:trigger", "docker-args-process-deploy", "rs", "dockerfile", "latest", type, "1"], { env })).stdout;

describe("resource:limit / resource:reserve", () => {
  test("limits per app and process type, in Dokku's words and property layout", async () => {
    const set = await host.dokku(["resource:limit", "--cpu", "0.5", "--memory", "256", "rs"]);
    expect(set).toEqual({ code: 0, stdout: "=====> Setting resource limits for rs\n       cpu: 0.5\n       memory: 256\n", stderr: "" });
    const worker = await host.dokku(["resource:limit", "--memory", "512", "--memory-swap", "-1", "--process-type", "worker", "rs"]);
    expect(worker.stdout).toBe("=====> Setting resource limits for rs (worker)\n       memory: 512\n       memory-swap: -1\n");
    expect(await readFile(join(host.libRoot, "config", "resource", "rs", "worker.limit.memory"), "utf8")).toBe("512");
    const reserve = await host.dokku(["resource:reserve", "--memory", "128", "rs"]);
    expect(reserve.stdout).toBe("=====> Setting resource reservation for rs\n       memory: 128\n");
  });

  test("without resource flags the current values are shown", async () => {
    const shown = await host.dokku(["resource:limit", "rs"]);
    expect(shown.stdout).toBe(
      "=====> resource limits rs information [defaults]\n       cpu: 0.5\n       memory: 256\n       memory-swap:\n       network:\n       network-ingress:\n       network-egress:\n       nvidia-gpu:\n",
    );
    expect((await host.dokku(["resource:reserve", "--process-type", "worker", "rs"])).stdout.split("\n")[0]).toBe("=====> resource reservation rs information (worker)");
  });

  test("docker flags per process type: the type's values over the app defaults; memory defaults to megabytes", async () => {
    expect(await processArgs("web")).toBe(" --cpus=0.5 --memory=256m --memory-reservation=128m --restart=on-failure:10");
    expect(await processArgs("worker")).toBe(" --cpus=0.5 --memory=512m --memory-swap=-1 --memory-reservation=128m --restart=on-failure:10");
    expect((await host.dokku(["plugin:trigger", "docker-args-process-run", "rs", "dockerfile", "latest"])).stdout).toBe(" --cpus=0.5 --memory=256m --memory-reservation=128m");
    expect(await processArgs("web", { DOKKU_OMIT_RESOURCE_ARGS: "1" })).toBe(" --restart=on-failure:10");
  });

  test("--global sets host-wide defaults that apply where the app sets nothing", async () => {
    const global = await host.dokku(["resource:limit", "--global", "--nvidia-gpu", "all"]);
    expect(global.stdout).toBe("=====> Setting default resource limits\n       nvidia-gpu: all\n");
    expect(await processArgs("web")).toBe(" --cpus=0.5 --gpus=all --memory=256m --memory-reservation=128m --restart=on-failure:10");
    expect(JSON.parse((await host.dokku(["resource:report", "--global", "--format", "json"])).stdout)).toMatchObject({ "resource-_default_.limit.nvidia-gpu": "all" });
    expect((await host.dokku(["resource:limit-clear", "--global"])).stdout).toBe("-----> Clearing default resource limits\n");
    expect(await processArgs("web")).toBe(" --cpus=0.5 --memory=256m --memory-reservation=128m --restart=on-failure:10");
  });

  test("a value of clear removes one key", async () => {
    expect((await host.dokku(["resource:limit", "--cpu", "clear", "rs"])).stdout).toBe("=====> Setting resource limits for rs\n       cpu: cleared\n");
    expect(await processArgs("web")).toBe(" --memory=256m --memory-reservation=128m --restart=on-failure:10");
  });
});

describe("resource:report", () => {
  test("one flag per process type, kind and key", async () => {
    expect((await host.dokku(["resource:report", "rs", "--resource-worker.limit.memory"])).stdout).toBe("512\n");
    const json = JSON.parse((await host.dokku(["resource:report", "rs", "--format", "json"])).stdout);
    expect(json).toMatchObject({ "resource-_default_.limit.memory": "256", "resource-_default_.reserve.memory": "128", "resource-worker.limit.memory-swap": "-1" });
    const text = (await host.dokku(["resource:report", "rs"])).stdout;
    expect(text.split("\n")[0]).toBe("=====> rs resource information");
    expect(text).toContain("       Resource worker limit memory:               512\n");
  });
});

describe("resource:limit-clear / resource:reserve-clear", () => {
  test("clear one process type, then every limit of the app; reservations stay until reserve-clear", async () => {
    expect((await host.dokku(["resource:limit-clear", "--process-type", "worker", "rs"])).stdout).toBe("-----> Clearing resource limits for rs (worker)\n");
    expect(await processArgs("worker")).toBe(" --memory=256m --memory-reservation=128m --restart=on-failure:10");
    expect((await host.dokku(["resource:limit-clear", "rs"])).stdout).toBe("-----> Clearing resource limits for rs\n");
    expect(await processArgs("web")).toBe(" --memory-reservation=128m --restart=on-failure:10");
    expect((await host.dokku(["resource:reserve-clear", "rs"])).stdout).toBe("-----> Clearing resource reservation for rs\n");
    expect(await processArgs("web")).toBe(" --restart=on-failure:10");
  });
});

describe("bad input: one line, non-zero exit, nothing stored", () => {
  test.each([
    [["resource:limit", "--memory", "256", "missing"], "App missing does not exist", 20],
    [["resource:limit", "--memory", "256"], "Please specify an app to run the command on", 1],
    [["resource:limit", "--cpu", "lots", "rs"], 'Invalid cpu value "lots": expected a positive number of CPUs, e.g. 0.5 or 2', 1],
    [["resource:limit", "--memory", "2", "rs"], 'Invalid memory value "2": Docker requires at least 6m', 1],
    [["resource:limit", "--memory-swap", "10q", "rs"], 'Invalid memory-swap value "10q": expected a size such as 512, 512m or 1g (no unit means megabytes)', 1],
    [["resource:limit", "--nvidia-gpu", "some", "rs"], 'Invalid nvidia-gpu value "some": expected a GPU count or all', 1],
    [["resource:limit", "--memory", "256", "--process-type", "web.1", "rs"], 'Invalid process type: "web.1" (letters, digits, _ and -, at most 63)', 1],
    [["resource:reserve", "--memory", "x", "rs"], 'Invalid memory value "x": expected a size such as 512, 512m or 1g (no unit means megabytes)', 1],
    [["resource:reserve", "--memory", "64", "missing"], "App missing does not exist", 20],
    [["resource:limit-clear", "missing"], "App missing does not exist", 20],
    [["resource:reserve-clear", "--process-type", "a b", "rs"], 'Invalid process type: "a b" (letters, digits, _ and -, at most 63)', 1],
    [["resource:report", "missing"], "App missing does not exist", 20],
  ])("%j", async (argv, message, code) => {
    refused(await host.dokku(argv), message, code);
  });

  test("a refused value stores nothing, even when other values were valid", async () => {
    refused(await host.dokku(["resource:limit", "--cpu", "1", "--memory", "1", "rs"]), 'Invalid memory value "1": Docker requires at least 6m');
    expect(await processArgs("web")).toBe(" --restart=on-failure:10");
  });
});
