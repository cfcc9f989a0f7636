// logs:set and logs:report on the compiled binary, and the `--log-opt=max-size=` fragment they
// drive for deploy and run containers; the help of the one-off commands.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type RunResult, type TestHost, createTestHost } from "../_harness/host.ts";

let host: TestHost;
beforeAll(async () => {
  host = await createTestHost();
  expect((await host.dokku(["apps:create", "lg"])).code).toBe(0);
});
afterAll(() => host?.[Symbol.asyncDispose]());

function refused(r: RunResult, message: string, code = 1): void {
  expect(r).toEqual({ code, stdout: "", stderr: ` !     ${message}\n` });
}
/** The logs plugin's part of a docker-args trigger's answer (other plugins add their own flags). */
const processArgs = async (trigger: "docker-args-process-deploy" | "docker-args-process-run") =>
  (await host.dokku(["plugin:trigger", trigger, "lg", "dockerfile", "latest", ...(trigger === "docker-args-process-deploy" ? ["web", "1"] : [])])).stdout
    .split(" ")
    .filter((word) => word.startsWith("--log-opt"))
    .map((word) => ` ${word}`)
    .join("");

describe("logs:set / logs:report", () => {
  test("max-size per app and host-wide, with Dokku's default of 10m, in Dokku's property layout", async () => {
    expect((await host.dokku(["logs:report", "lg", "--logs-computed-max-size"])).stdout).toBe("10m\n");
    expect((await host.dokku(["logs:report", "lg", "--logs-max-size"])).stdout).toBe("\n");
    expect(await host.dokku(["logs:set", "lg", "max-size", "20m"])).toEqual({ code: 0, stdout: "=====> Setting max-size to 20m\n", stderr: "" });
    expect(await readFile(join(host.libRoot, "config", "logs", "lg", "max-size"), "utf8")).toBe("20m");
    expect((await host.dokku(["logs:set", "--global", "max-size", "unlimited"])).code).toBe(0);
    expect(JSON.parse((await host.dokku(["logs:report", "lg", "--format", "json"])).stdout)).toMatchObject({
      "logs-computed-max-size": "20m", "logs-global-max-size": "unlimited", "logs-max-size": "20m", "logs-vector-sink": "",
    });
    const report = (await host.dokku(["logs:report", "lg"])).stdout;
    expect(report.split("\n").slice(0, 3)).toEqual(["=====> lg logs information", "       Logs computed max size:        20m", "       Logs global max size:          unlimited"]);
    expect((await host.dokku(["logs:set", "lg", "max-size"])).stdout).toBe("=====> Unsetting max-size\n");
    expect((await host.dokku(["logs:report", "lg", "--logs-computed-max-size"])).stdout).toBe("unlimited\n");
    expect((await host.dokku(["logs:set", "--global", "max-size"])).code).toBe(0);
    expect((await host.dokku(["plugin:trigger", "logs-get-property", "lg", "max-size"])).stdout).toBe("10m\n");
  });

  test("the max-size reaches deploy and run containers as --log-opt; unlimited and other log drivers omit it", async () => {
    expect((await host.dokku(["logs:set", "lg", "max-size", "5m"])).code).toBe(0);
    expect(await processArgs("docker-args-process-deploy")).toBe(" --log-opt=max-size=5m");
    expect(await processArgs("docker-args-process-run")).toBe(" --log-opt=max-size=5m");
    expect((await host.dokku(["docker-options:add", "lg", "deploy", "--log-driver=journald"])).code).toBe(0);
    expect(await processArgs("docker-args-process-deploy")).toBe("");
    expect(await processArgs("docker-args-process-run")).toBe(" --log-opt=max-size=5m");
    expect((await host.dokku(["docker-options:add", "lg", "run", "--log-driver", "local"])).code).toBe(0);
    expect(await processArgs("docker-args-process-run")).toBe(" --log-opt=max-size=5m");
    expect((await host.dokku(["logs:set", "lg", "max-size", "unlimited"])).code).toBe(0);
    expect(await processArgs("docker-args-process-run")).toBe("");
  });

  test("bad input is one clear line and a non-zero exit", async () => {
    refused(await host.dokku(["logs:set", "missing", "max-size", "1m"]), "App missing does not exist", 20);
    refused(await host.dokku(["logs:set"]), "Please specify an app to run the command on");
    refused(await host.dokku(["logs:set", "lg"]), "No property specified");
    refused(await host.dokku(["logs:set", "lg", "invalid", "x"]), "Invalid property specified, valid properties include: max-size, vector-sink");
    refused(await host.dokku(["logs:set", "lg", "max-size", "10x"]), "Invalid max-size value specified: 10x (a number followed by k, m or g, or unlimited)");
    refused(await host.dokku(["logs:set", "lg", "vector-sink", "console://"]), "Setting vector-sink is not supported: log shipping with vector is not implemented in this version");
    refused(await host.dokku(["logs:report", "missing"]), "App missing does not exist", 20);
    refused(await host.dokku(["logs:report", "lg", "--invalid-flag"]), "Invalid flag passed, valid flags: --logs-computed-max-size, --logs-global-max-size, --logs-global-vector-sink, --logs-max-size, --logs-vector-sink");
    refused(await host.dokku(["plugin:trigger", "logs-get-property", "lg", "colour"]), "Invalid logs property specified: colour");
  });
});

describe("help of the one-off commands", () => {
  test("--help right after the command name is ours; after the app it belongs to the container's command", async () => {
    // `dokku X --help` is the plugin's help (X:help), as for every plugin.
    const help = await host.dokku(["run", "--help"]);
    expect(help.stdout.split("\n")[0]).toBe("Usage: dokku run[:COMMAND]");
    expect(help.stdout).toMatch(/\n {4}run:detached \[-e\|--env KEY=VALUE\]\.\.\. .*<app> \[--\] \[<cmd>\.\.\.\] +/);
    expect((await host.dokku(["enter", "--help"])).stdout).toContain("enter <app> [<process-type>|<process-type>.<n>|--container-id <id>] [<cmd>...]");
    refused(await host.dokku(["run", "missing", "ls", "--help"]), "App missing does not exist", 20);
    refused(await host.dokku(["run", "missing", "ls", "-h"]), "App missing does not exist", 20);
    refused(await host.dokku(["enter", "missing", "web", "ls", "--help"]), "App missing does not exist", 20);
    expect((await host.dokku(["help", "--all"])).stdout).toMatch(/\n {4}logs:failed --all\|<app> +Shows the last failed deploy logs\n/);
  });
});
