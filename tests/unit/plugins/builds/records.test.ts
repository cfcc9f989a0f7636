import { describe, expect, test } from "bun:test";
import { columnize } from "../../../../plugins/builds/commands-list.ts";
import { generateBuildId, isBuildId } from "../../../../plugins/builds/ids.ts";
import { descendants } from "../../../../plugins/builds/proc.ts";
import { processAlive, processStart } from "../../../../src/core/process.ts";
import { classifySource } from "../../../../plugins/builds/schema.ts";
import { formatDuration, formatTime } from "../../../../plugins/builds/store.ts";

describe("build ids", () => {
  test("14 lowercase base36 characters that sort by start time", () => {
    const ids = [1_600_000_000_000, 1_700_000_000_000, 1_700_000_000_001, 2_000_000_000_000].map((t) => generateBuildId(t));
    for (const id of ids) expect(id).toMatch(/^[0-9a-z]{14}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(Array.from({ length: 100 }, () => generateBuildId(0))).size).toBe(100);
  });

  test.each(["abc123", "pid-42"])("%p is an id", (id) => expect(isBuildId(id)).toBe(true));
  test.each(["", "../x", ".hidden", "ABC", "a/b", "-x", "x".repeat(65)])("%p is not", (id) => expect(isBuildId(id)).toBe(false));
});

describe("formatting", () => {
  test.each([
    [0, "0s"],
    [499, "0s"],
    [42_000, "42s"],
    [74_000, "1m14s"],
    [3_605_000, "1h0m5s"],
  ])("%p ms is %p, as Go prints durations", (ms, text) => expect(formatDuration(ms)).toBe(text));

  test("times lose their fraction; missing ones are empty", () => {
    expect(formatTime("2026-04-30T13:50:00.123Z")).toBe("2026-04-30T13:50:00Z");
    expect(formatTime(undefined)).toBe("");
  });

  test("columns are padded to the widest cell except the last", () => {
    expect(columnize([["Build ID", "Status"], ["x", "succeeded"]])).toBe("Build ID  Status\nx         succeeded");
  });

  test("Dokku's sources keep their kind; anything else is unknown", () => {
    expect(classifySource("git-hook")).toEqual({ source: "git-hook", kind: "build", known: true });
    expect(classifySource("ps:restart")).toEqual({ source: "ps:restart", kind: "deploy", known: true });
    expect(classifySource("made-up")).toEqual({ source: "unknown", kind: "deploy", known: false });
  });
});

describe("process liveness", () => {
  test("our own process is alive, with its start time; a wrong start time or pid is not", () => {
    const start = processStart(process.pid);
    expect(start).toMatch(/^\d+$/);
    expect(processAlive(process.pid, start)).toBe(true);
    expect(processAlive(process.pid, `${start}0`)).toBe(false);
    expect(processAlive(0)).toBe(false);
    expect(processAlive(2 ** 22 + 1)).toBe(false);
  });

  test("descendants are found through parent links", async () => {
    const { spawn } = await import("node:child_process");
    const child = spawn("sleep", ["5"]);
    try {
      expect(descendants(process.pid)).toContain(child.pid!);
    } finally {
      child.kill("SIGKILL");
    }
  });
});
