// checks commands that need no running container: disable/skip/enable, set, report, the
// checks-get-property answer the scheduler reads, check-deploy's argument checks, and the CHECKS
// file and app.json healthchecks of a push (null builder and scheduler), with Dokku's messages.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createTestHost, type TestHost } from "../_harness/host.ts";
import { makeRepo, push } from "./git-fixtures.ts";

describe("checks", () => {
  let host: TestHost;
  const prop = (key: string, scope = "web") => readFile(join(host.libRoot, "config", "checks", scope, key), "utf8").catch(() => undefined);
  const report = async (flag: string, app = "web") => (await host.dokku(["checks:report", app, flag])).stdout;

  beforeAll(async () => {
    host = await createTestHost();
    expect((await host.dokku(["apps:create", "web"])).code).toBe(0);
  }, 60_000);

  afterAll(() => host?.[Symbol.asyncDispose](), 60_000);

  test("checks:disable, checks:skip and checks:enable move process types between Dokku's lists", async () => {
    const disable = await host.dokku(["checks:disable", "web", "web,worker"]);
    expect(disable.stdout).toBe("-----> Disabling zero downtime for app's (web) proctypes (web,worker)\n");
    expect(disable.code).toBe(0);
    expect(await prop("disabled")).toBe("web,worker");
    expect((await host.dokku(["checks:skip", "web", "worker"])).stdout).toBe("-----> Skipping zero downtime for app's (web) proctypes (worker)\n");
    expect([await prop("disabled"), await prop("skipped")]).toEqual(["web", "worker"]);
    expect(await report("--checks-disabled-list")).toBe("web\n");
    expect(await report("--checks-skipped-list")).toBe("worker\n");
    expect((await host.dokku(["plugin:trigger", "checks-get-property", "web", "skipped"])).stdout).toBe("worker\n");

    expect((await host.dokku(["checks:disable", "web"])).stdout).toBe("-----> Disabling zero downtime for app (web)\n");
    expect([await prop("disabled"), await prop("skipped")]).toEqual(["_all_", undefined]);
    expect((await host.dokku(["checks:skip", "web", "_all_"])).stdout).toBe("-----> Skipping zero downtime for app (web)\n");
    expect([await prop("disabled"), await prop("skipped")]).toEqual([undefined, "_all_"]);

    const partly = await host.dokku(["checks:enable", "web", "web"]);
    expect(partly.stdout).toBe("-----> Enabling zero downtime for app's (web) proctypes (web)\n");
    expect(partly.stderr).toBe(" !     web still skipped through skipped=_all_; run checks:enable web to enable every process type\n");
    expect((await host.dokku(["checks:enable", "web"])).stdout).toBe("-----> Enabling zero downtime for app (web)\n");
    expect([await prop("disabled"), await prop("skipped")]).toEqual([undefined, undefined]);
    expect(await report("--checks-disabled-list")).toBe("none\n");
  }, 60_000);

  test("bad checks:disable/skip/enable input: one clear line, non-zero exit, lists untouched", async () => {
    expect((await host.dokku(["checks:disable", "web", "worker"])).code).toBe(0);
    const cases: [string[], string, number][] = [
      [["checks:disable", "nope"], "App nope does not exist", 20],
      [["checks:skip", "nope", "web"], "App nope does not exist", 20],
      [["checks:enable"], "Please specify an app to run the command on", 1],
      [["checks:disable", "web", "w$b"], 'Invalid process type specified: "w$b"', 1],
      [["checks:skip", "web", "web,,worker"], 'Invalid process type specified: ""', 1],
      [["checks:enable", "web", "web", "worker"], 'Unexpected argument "worker": separate process types with commas (web,worker)', 1],
    ];
    for (const [argv, message, code] of cases) {
      const r = await host.dokku(argv);
      expect(r.stderr, argv.join(" ")).toBe(` !     ${message}\n`);
      expect(r.code, argv.join(" ")).toBe(code);
    }
    expect([await prop("disabled"), await prop("skipped")]).toEqual(["worker", undefined]);
    expect((await host.dokku(["checks:enable", "web"])).code).toBe(0);
  }, 60_000);

  test("checks:set takes every documented key, per app and globally; the report shows app, global and computed values", async () => {
    expect((await host.dokku(["checks:set", "web", "wait-to-retire", "30"])).stdout).toBe("=====> Setting wait-to-retire to 30\n");
    expect((await host.dokku(["checks:set", "--global", "wait-to-retire", "90"])).code).toBe(0);
    expect((await host.dokku(["checks:set", "--global", "default-wait", "2"])).code).toBe(0);
    expect((await host.dokku(["checks:set", "web", "attempts", "4"])).code).toBe(0);
    expect((await host.dokku(["checks:set", "web", "timeout", "7"])).code).toBe(0);
    expect((await host.dokku(["checks:set", "web", "wait", "0"])).code).toBe(0);
    expect(await report("--checks-wait-to-retire")).toBe("30\n");
    expect(await report("--checks-global-wait-to-retire")).toBe("90\n");
    expect(await report("--checks-computed-wait-to-retire")).toBe("30\n");
    expect(await report("--checks-computed-default-wait")).toBe("2\n");
    const trigger = (key: string) => host.dokku(["plugin:trigger", "checks-get-property", "web", key]).then((r) => r.stdout);
    expect([await trigger("wait-to-retire"), await trigger("attempts"), await trigger("timeout"), await trigger("wait")]).toEqual(["30\n", "4\n", "7\n", "0\n"]);

    expect((await host.dokku(["checks:set", "web", "wait-to-retire"])).stdout).toBe("=====> Unsetting wait-to-retire\n");
    expect(await report("--checks-computed-wait-to-retire")).toBe("90\n");
    expect((await host.dokku(["checks:report", "--global", "--checks-global-wait-to-retire"])).stdout).toBe("90\n");
    for (const [key, scope] of [["wait-to-retire", "--global"], ["default-wait", "--global"], ["attempts", "web"], ["timeout", "web"], ["wait", "web"]]) {
      expect((await host.dokku(["checks:set", scope!, key!])).code).toBe(0);
    }
    expect(await trigger("wait-to-retire")).toBe("60\n");

    const text = await host.dokku(["checks:report", "web"]);
    expect(text.stdout).toStartWith("=====> web checks information\n       Checks attempts:\n       Checks computed attempts:       3\n");
    expect(text.stdout).toContain("       Checks computed wait to retire: 60\n");
    expect(text.stdout).toContain("       Checks disabled list:           none\n");
    const json = JSON.parse((await host.dokku(["checks:report", "web", "--format", "json"])).stdout);
    expect(json).toMatchObject({ "checks-disabled-list": "none", "checks-computed-wait-to-retire": "60", "checks-computed-attempts": "3" });
  }, 60_000);

  test("bad checks:set and checks:report input: one clear line, non-zero exit, nothing written", async () => {
    const cases: [string[], string, number][] = [
      [["checks:set", "nope", "wait-to-retire", "5"], "App nope does not exist", 20],
      [["checks:set", "web"], "No key specified", 1],
      [["checks:set", "web", "retire", "5"], "Invalid key specified, valid keys include: attempts, default-wait, timeout, wait, wait-to-retire", 1],
      [["checks:set", "web", "wait-to-retire", "soon"], 'Invalid value for wait-to-retire: "soon" (expected a whole number of seconds)', 1],
      [["checks:set", "web", "wait-to-retire", "-1"], 'Invalid value for wait-to-retire: "-1" (expected a whole number of seconds)', 1],
      [["checks:set", "--global", "attempts", "0"], 'Invalid value for attempts: "0" (expected at least 1)', 1],
      [["checks:set", "web", "timeout", "0"], 'Invalid value for timeout: "0" (expected at least 1)', 1],
      [["checks:set", "web", "attempts", "2.5"], 'Invalid value for attempts: "2.5" (expected a whole number)', 1],
      [["checks:report", "nope"], "App nope does not exist", 20],
      [["checks:report", "web", "--checks-nope"], "Invalid flag passed, valid flags: --checks-attempts,", 1],
      [["checks:report", "web", "--format", "yaml"], "Invalid --format value specified: yaml", 1],
    ];
    for (const [argv, message, code] of cases) {
      const r = await host.dokku(argv);
      expect(r.stderr, argv.join(" ")).toStartWith(` !     ${message}`);
      expect(r.stderr.trimEnd().split("\n"), argv.join(" ")).toHaveLength(1);
      expect(r.code, argv.join(" ")).toBe(code);
    }
    expect([await prop("wait-to-retire"), await prop("attempts", "--global"), await prop("timeout")]).toEqual([undefined, undefined, undefined]);
    const unknown = await host.dokku(["plugin:trigger", "checks-get-property", "web", "nope"]);
    expect(unknown.stderr).toStartWith(" !     Invalid checks property specified: nope");
    expect(unknown.code).toBe(1);
  }, 60_000);

  test("check-deploy and checks:run refuse bad arguments before touching a container", async () => {
    const trigger = (...args: string[]) => host.dokku(["plugin:trigger", "check-deploy", ...args]);
    const cases: [Promise<{ code: number; stderr: string }>, string, number][] = [
      [trigger("nope", "abc123", "web", "5000", "172.17.0.2", "1"), "App nope does not exist", 20],
      [trigger("web", "abc123", "w$b", "5000", "172.17.0.2", "1"), 'Invalid process type specified: "w$b"', 1],
      [trigger("web", "abc123", "web", "http", "172.17.0.2", "1"), 'Invalid port specified: "http"', 1],
      [trigger("web", "abc123", "web", "70000", "172.17.0.2", "1"), 'Invalid port specified: "70000"', 1],
      [trigger("web", "abc123", "web", "5000", "not-an-ip", "1"), 'Invalid IP address specified: "not-an-ip"', 1],
      [trigger("web", "-rf", "web", "5000", "172.17.0.2", "1"), 'Invalid container id specified: "-rf"', 1],
      [trigger("web", "abc123", "web", "5000", "172.17.0.2", "0"), 'Invalid container index specified: "0"', 1],
      [host.dokku(["checks:run", "nope"]), "App nope does not exist", 20],
      [host.dokku(["checks:run", "web", "w$b"]), "Invalid process type specified (web.w$b)", 1],
      [host.dokku(["checks:run", "web", "web.0"]), "Invalid container index specified (web.web.0)", 1],
      [host.dokku(["checks:run", "web", "web", "worker"]), 'Unexpected argument "worker": separate process types with commas (web,worker.2)', 1],
    ];
    for (const [pending, message, code] of cases) {
      const r = await pending;
      expect(r.stderr).toBe(` !     ${message}\n`);
      expect(r.code).toBe(code);
    }
  }, 60_000);

  test("checks settings and the deployed CHECKS file follow apps:clone and apps:rename, and go with apps:destroy", async () => {
    // The deployed CHECKS file, where Dokku keeps it.
    const checksFile = (app: string) => join(host.libRoot, "data", "scheduler-docker-local", app, "CHECKS");
    const deployed = (app: string) => readFile(checksFile(app), "utf8").catch(() => undefined);
    expect((await host.dokku(["apps:create", "lc1"])).code).toBe(0);
    await mkdir(join(checksFile("lc1"), ".."), { recursive: true });
    await writeFile(checksFile("lc1"), "/ hello\n");
    expect((await host.dokku(["checks:set", "lc1", "wait-to-retire", "7"])).code).toBe(0);
    expect((await host.dokku(["checks:skip", "lc1", "worker"])).code).toBe(0);
    expect((await host.dokku(["apps:clone", "--skip-deploy", "lc1", "lc2"])).code).toBe(0);
    expect(await report("--checks-wait-to-retire", "lc2")).toBe("7\n");
    expect(await deployed("lc2")).toBe("/ hello\n");
    expect((await host.dokku(["apps:rename", "--skip-deploy", "lc2", "lc3"])).code).toBe(0);
    expect(await report("--checks-skipped-list", "lc3")).toBe("worker\n");
    expect(await prop("skipped", "lc2")).toBeUndefined();
    expect(await deployed("lc3")).toBe("/ hello\n");
    expect(await deployed("lc2")).toBeUndefined();
    expect(await deployed("lc1")).toBe("/ hello\n");
    expect((await host.dokku(["--force", "apps:destroy", "lc3"])).code).toBe(0);
    expect(await prop("skipped", "lc3")).toBeUndefined();
    expect(await prop("skipped", "lc1")).toBe("worker");
  }, 60_000);

  test("check-deploy does nothing for apps of another scheduler", async () => {
    expect((await host.dokku(["apps:create", "elsewhere"])).code).toBe(0);
    expect((await host.dokku(["scheduler:set", "elsewhere", "selected", "null"])).code).toBe(0);
    const r = await host.dokku(["plugin:trigger", "check-deploy", "elsewhere", "abc123", "web", "5000", "172.17.0.2", "1"]);
    expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
  }, 60_000);

  test("a push with a bad CHECKS file or bad app.json healthchecks fails before the build", async () => {
    expect((await host.dokku(["builder:set", "--global", "selected", "null"])).code).toBe(0);
    expect((await host.dokku(["scheduler:set", "--global", "selected", "null"])).code).toBe(0);
    const badChecks = await makeRepo(host, join(host.root, "bad-checks"), { CHECKS: "WAIT=soon\n/\n" });
    const r1 = await push(host, badChecks, "pushed", "main");
    expect(r1.stderr).toContain('Invalid CHECKS file: line 1: WAIT must be a whole number of seconds of at least 0, got "soon"');
    expect(r1.code).not.toBe(0);
    const badJson = await makeRepo(host, join(host.root, "bad-json"), { "app.json": JSON.stringify({ healthchecks: { web: [{ path: "/", attempts: 0 }] } }) });
    const r2 = await push(host, badJson, "pushed", "main");
    expect(r2.stderr).toContain("Invalid app.json file: healthchecks.web.0.attempts: attempts must be at least 1");
    expect(r2.code).not.toBe(0);
    const good = await makeRepo(host, join(host.root, "good"), { CHECKS: "WAIT=1\n/ hello\n", "app.json": JSON.stringify({ healthchecks: { web: [{ path: "/" }] } }) });
    const r3 = await push(host, good, "pushed", "main");
    expect(r3.code).toBe(0);
    expect(r3.stderr).not.toContain("Processing deployment checks"); // the notice is the docker-local scheduler's
  }, 120_000);
});
