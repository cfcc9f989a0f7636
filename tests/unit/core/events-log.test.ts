// The events log: Dokku's line format, written in-process by the trigger bus when events are on.
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { eventLine } from "../../../src/core/events-log.ts";
import { createTestCtx } from "./_context.ts";

describe("eventLine", () => {
  test("syslog's traditional file format with Dokku's INVOKED text", () => {
    const line = eventLine(new Date(2024, 6, 3, 16, 9, 8), "dokku.me", 127630, "post-deploy", ["web", "", "", "latest"], {
      name: "admin",
      fingerprint: "SHA256:abc",
      dokkuPid: "127600",
    });
    expect(line).toBe("Jul  3 16:09:08 dokku.me dokku-event[127630]: INVOKED: post-deploy( web   latest ) NAME=admin FINGERPRINT=SHA256:abc DOKKU_PID=127600\n");
  });

  test("one trigger is one line whatever its arguments hold", () => {
    const line = eventLine(new Date(2024, 11, 24, 1, 2, 3), "h", 1, "config-set", ["web", "A=1\nB=2"], { name: "", fingerprint: "", dokkuPid: "1" });
    expect(line).toBe("Dec 24 01:02:03 h dokku-event[1]: INVOKED: config-set( web A=1\\x0aB=2 ) NAME= FINGERPRINT= DOKKU_PID=1\n");
  });
});

describe("the trigger bus and the events log", () => {
  test("with DOKKU_EVENTS every fired trigger is appended, its directory created", async () => {
    const logs = join(tmpdir(), `dokku-events-${process.pid}-${Date.now()}`, "logs");
    await using t = await createTestCtx({ env: { DOKKU_EVENTS: "1", DOKKU_LOGS_DIR: logs, NAME: "alice" } });
    await t.ctx.triggers.query("app-list", "false");
    await t.ctx.triggers.fire("some-plugin-trigger", ["x y"]);
    const lines = readFileSync(join(logs, "events.log"), "utf8").trimEnd().split("\n");
    rmSync(dirname(logs), { recursive: true, force: true });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ dokku-event\[\d+\]: INVOKED: app-list\( false \) NAME=alice FINGERPRINT= DOKKU_PID=1$/);
    expect(lines[1]).toContain("INVOKED: some-plugin-trigger( x y )");
  });

  test("without DOKKU_EVENTS nothing is written", async () => {
    const file = join(tmpdir(), `dokku-events-off-${process.pid}.log`);
    await using t = await createTestCtx({ env: { DOKKU_EVENTS_LOGFILE: file } });
    await t.ctx.triggers.query("app-list", "false");
    expect(existsSync(file)).toBe(false);
  });

  test("a log that cannot be written is reported once and the triggers still run", async () => {
    await using t = await createTestCtx({ env: { DOKKU_EVENTS: "1", DOKKU_EVENTS_LOGFILE: "/proc/no-such-dir/events.log" } });
    await t.ctx.triggers.query("app-list", "false");
    await t.ctx.triggers.query("app-list", "false");
    expect(t.stderr().match(/Unable to write the events log/g)).toHaveLength(1);
  });
});
