import { describe, expect, test } from "bun:test";
import { parseEnvPair, parseRunArgs, parseTtlSeconds } from "../../../../plugins/run/options.ts";
import { splitEnvAndCommand } from "../../../../plugins/run/scheduler-run.ts";

describe("parseRunArgs", () => {
  test("flags before the app, every word after it is the command (its own flags included)", () => {
    expect(parseRunArgs(["-e", "A=1", "--env=B=x=y", "--no-tty", "--ttl-seconds", "60", "web", "ls", "-la", "--help"])).toEqual({
      app: "web",
      env: [["A", "1"], ["B", "x=y"]],
      noTty: true,
      forceTty: false,
      ttlSeconds: 60,
      command: ["ls", "-la", "--help"],
    });
  });

  test("a -- after the app (or before it) separates the command; global flags before the app are skipped", () => {
    expect(parseRunArgs(["--quiet", "web", "--", "-v"])).toMatchObject({ app: "web", command: ["-v"] });
    expect(parseRunArgs(["--force-tty", "--", "web", "bash"])).toMatchObject({ app: "web", forceTty: true, command: ["bash"] });
    expect(parseRunArgs(["web"])).toMatchObject({ app: "web", command: [] });
    expect(parseRunArgs([])).toMatchObject({ app: undefined, command: [] });
  });

  test("an app named by the global --app makes every word the command", () => {
    expect(parseRunArgs(["ls", "-la"], "web")).toMatchObject({ app: "web", command: ["ls", "-la"] });
    expect(parseRunArgs(["--app", "web", "ls"])).toMatchObject({ app: "web", command: ["ls"] });
  });

  test("bad flags are one clear error", () => {
    expect(() => parseRunArgs(["--bogus", "web"])).toThrow("Unknown flag --bogus");
    expect(() => parseRunArgs(["-x", "web"])).toThrow("Unknown flag -x");
    expect(() => parseRunArgs(["--no-tty=1", "web"])).toThrow("Unknown flag --no-tty=1");
    expect(() => parseRunArgs(["--env"])).toThrow("Missing value for --env");
    expect(() => parseRunArgs(["--no-tty", "--force-tty", "web"])).toThrow("Cannot specify both --force-tty and --no-tty");
  });
});

describe("values", () => {
  test("env pairs need a shell-style name; the value may be empty", () => {
    expect(parseEnvPair("A_1=")).toEqual(["A_1", ""]);
    for (const bad of ["=1", "1A=2", "A B=1", "NOEQUALS"]) expect(() => parseEnvPair(bad)).toThrow("expected KEY=VALUE");
  });

  test("ttl is a whole number of seconds, at least 1", () => {
    expect(parseTtlSeconds("86400")).toBe(86400);
    for (const bad of ["0", "-1", "1.5", "x", "", "99999999999999999999"]) expect(() => parseTtlSeconds(bad)).toThrow("Invalid --ttl-seconds value");
  });
});

describe("splitEnvAndCommand (scheduler-run's argv)", () => {
  test("ENV_COUNT pairs, then an optional --, then the command", () => {
    expect(splitEnvAndCommand("2", ["A=1", "B=2", "--", "ls", "--", "x"])).toEqual({ env: [["A", "1"], ["B", "2"]], command: ["ls", "--", "x"] });
    expect(splitEnvAndCommand("0", ["ls"])).toEqual({ env: [], command: ["ls"] });
  });

  test("a count that is not a number or exceeds the words is refused", () => {
    expect(() => splitEnvAndCommand("x", [])).toThrow("Invalid ENV_COUNT");
    expect(() => splitEnvAndCommand("2", ["A=1"])).toThrow("Invalid ENV_COUNT");
  });
});
