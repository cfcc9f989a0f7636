import { describe, expect, test } from "bun:test";
import { colorOf, formatLine, mergeByTime, splitTimestamp } from "../../../../plugins/logs/lines.ts";
import { logDriverOf, maxSizeFragment } from "../../../../plugins/logs/log-driver.ts";

const T1 = "2024-05-01T10:00:00.100000000Z";
const T2 = "2024-05-01T10:00:00.200000000Z";

describe("log lines", () => {
  test("docker's timestamp is split off; a line without one keeps its text", () => {
    expect(splitTimestamp(`${T1} hello world`)).toEqual({ ts: T1, text: "hello world" });
    expect(splitTimestamp("plain text")).toEqual({ ts: "", text: "plain text" });
  });

  test("Dokku's format, the prefix coloured on a terminal, raw with quiet", () => {
    const line = { ts: T1, dyno: "web.1", text: "GET /" };
    expect(formatLine(line, false)).toBe(`${T1} app[web.1]: GET /`);
    expect(formatLine({ ...line, color: 36 }, false)).toBe(`\x1b[36m${T1} app[web.1]:\x1b[0m GET /`);
    expect(formatLine({ ...line, color: 36 }, true)).toBe("GET /");
    expect([0, 1, 2, 3, 4, 5].map(colorOf)).toEqual([36, 33, 32, 35, 31, 36]);
  });

  test("containers merge in time order, each keeping its own order; the limit keeps the newest", () => {
    const lines = [
      { ts: T2, dyno: "web.1", text: "a2" },
      { ts: T1, dyno: "web.2", text: "b1" },
      { ts: T2, dyno: "web.2", text: "b2" },
    ];
    expect(mergeByTime(lines).map((l) => l.text)).toEqual(["b1", "a2", "b2"]);
    expect(mergeByTime(lines, 2).map((l) => l.text)).toEqual(["a2", "b2"]);
  });
});

describe("max-size fragment", () => {
  test("the last --log-driver of the flags wins", () => {
    expect(logDriverOf(["--log-driver=local", "--ulimit", "x", "--log-driver", "journald"])).toBe("journald");
    expect(logDriverOf(["--env=A"])).toBeUndefined();
  });

  test("emitted for json-file and local, omitted for unlimited and for drivers that refuse the option", () => {
    expect(maxSizeFragment("20m", undefined, "json-file")).toBe(" --log-opt=max-size=20m");
    expect(maxSizeFragment("20m", "local", "journald")).toBe(" --log-opt=max-size=20m");
    expect(maxSizeFragment("20m", "journald", "json-file")).toBeUndefined();
    expect(maxSizeFragment("20m", undefined, "journald")).toBeUndefined();
    expect(maxSizeFragment("unlimited", undefined, "json-file")).toBeUndefined();
    expect(maxSizeFragment("10m", undefined, undefined)).toBe(" --log-opt=max-size=10m");
  });
});
