// Every way a Dokku user asks for help: `dokku help`, `-h`, `--help`, `X:help`, bare `X`, `X --help`,
// with and without a terminal (reference 1.3 and 1.8).
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { createTestHost } from "../_harness/host.ts";

setDefaultTimeout(120_000);

const TTY = { DOKKU_FORCE_TTY: "true" };

describe("main help", () => {
  test.concurrent("`-h` prints the same help as `help` and `--help`", async () => {
    await using host = await createTestHost();
    const help = await host.dokku(["help"], { env: TTY });
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toStartWith("Usage: dokku ");
    expect(await host.dokku(["-h"], { env: TTY })).toEqual(help);
    expect(await host.dokku(["--help"], { env: TTY })).toEqual(help);
  });

  test.concurrent("without a TTY the header lines are dropped and the plugin rows stay", async () => {
    await using host = await createTestHost();
    const piped = await host.dokku(["help"]);
    expect(piped).toMatchObject({ code: 0, stderr: "" });
    expect(piped.stdout).not.toContain("Usage:");
    expect(piped.stdout).not.toContain("Commands:");
    expect(piped.stdout.split("\n")[0]).toMatch(/^ {4}app-json +Manage app.json settings for an app$/);
    expect(piped.stdout).toMatch(/^ {4}apps +Manage apps$/m);
    const forced = await host.dokku(["help"], { env: TTY });
    expect(forced.stdout.endsWith(piped.stdout)).toBe(true);
    expect((await host.dokku(["help"], { env: { ...TTY, DOKKU_DISABLE_TTY: "true" } })).stdout).toBe(forced.stdout);
    expect((await host.dokku(["help"], { env: { DOKKU_DISABLE_TTY: "true" } })).stdout).toBe(piped.stdout);
  });
});

describe("plugin help", () => {
  test.concurrent("`X --help` and `X -h` print X:help for every core plugin; bare X too unless it is a command", async () => {
    await using host = await createTestHost();
    const rows = (await host.dokku(["help"])).stdout.split("\n").filter(Boolean);
    const plugins = rows.map((row) => row.trim().split(/\s+/)[0]!);
    expect(plugins).toContain("config");
    expect(plugins).toContain("trace");
    // Bare forms that are commands in Dokku: `config` shows the env, `events` the log, `plugin`
    // lists plugins, `enter`, `logs` and `run` ask for an app.
    const bareIsCommand = new Set(["config", "enter", "events", "logs", "plugin", "run"]);
    for (const name of plugins) {
      const help = await host.dokku([`${name}:help`]);
      expect(help).toMatchObject({ code: 0, stderr: "" });
      expect(help.stdout).toStartWith(`Usage: dokku ${name}[:COMMAND]\n\n`);
      expect({ name, result: await host.dokku([name, "--help"]) }).toEqual({ name, result: help });
      expect({ name, result: await host.dokku([name, "-h"]) }).toEqual({ name, result: help });
      if (!bareIsCommand.has(name)) expect({ name, result: await host.dokku([name]) }).toEqual({ name, result: help });
    }
  });

  test.concurrent("trace's help is Dokku's text", async () => {
    await using host = await createTestHost();
    expect(await host.dokku(["trace"])).toEqual({
      code: 0,
      stdout: "Usage: dokku trace[:COMMAND]\n\nManage trace mode\n\nAdditional commands:\n    trace:off  Disable trace mode\n    trace:on   Enable trace mode\n",
      stderr: "",
    });
  });

  test.concurrent("`CMD -h` is the command's help, like `CMD --help`", async () => {
    await using host = await createTestHost();
    const help = await host.dokku(["apps:create", "--help"]);
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toStartWith("Usage: dokku apps:create <app>\n");
    expect(await host.dokku(["apps:create", "-h"])).toEqual(help);
  });
});
