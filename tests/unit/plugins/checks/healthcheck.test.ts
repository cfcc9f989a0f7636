// app.json healthchecks: one strategy per check, defaults from the checks settings, and a clear
// error naming the key for anything invalid.
import { describe, expect, test } from "bun:test";
import { defaultUptimeCheck, healthchecksFor, validateHealthchecks, webListeningCheck } from "../../../../plugins/checks/healthcheck.ts";

const defaults = { attempts: 3, wait: 5, timeout: 5 };
const doc = (checks: unknown, type = "web") => ({ healthchecks: { [type]: checks } });

describe("healthchecksFor", () => {
  test("the strategy follows the field set; unset fields take the defaults", () => {
    const checks = healthchecksFor(
      doc([
        { type: "startup", name: "ready", path: "/health/ready", attempts: 2, content: "ok", httpHeaders: [{ name: "X-Probe", value: "1" }] },
        { type: "startup", command: ["/app/check.sh", "--quick"], timeout: 9 },
        { type: "startup", uptime: 7, initialDelay: 2 },
        { type: "startup", listening: true, port: 3000, warn: true },
        { type: "startup", scheme: "https" },
      ]),
      "web",
      defaults,
    );
    expect(checks.map((c) => [c.name, c.kind])).toEqual([
      ["ready", "http"],
      ['command ["/app/check.sh","--quick"]', "command"],
      ["uptime 7s", "uptime"],
      ["listening on port 3000", "listening"],
      ["https path /", "http"],
    ]);
    expect(checks[0]).toMatchObject({ path: "/health/ready", content: "ok", attempts: 2, wait: 5, timeout: 5, headers: [["X-Probe", "1"]] });
    expect(checks[1]).toMatchObject({ command: ["/app/check.sh", "--quick"], attempts: 3, timeout: 9 });
    expect(checks[2]).toMatchObject({ uptime: 7, initialDelay: 2 });
    expect(checks[3]).toMatchObject({ port: 3000, warn: true });
    expect(checks[4]).toMatchObject({ scheme: "https", path: "/" });
  });

  test("types other than the asked one are not returned; a check without type is a startup check", () => {
    const json = { healthchecks: { web: [{ path: "/a" }, { type: "liveness", path: "/b" }], worker: [{ uptime: 3 }] } };
    expect(healthchecksFor(json, "web", defaults).map((c) => [c.type, c.path])).toEqual([["startup", "/a"], ["liveness", "/b"]]);
    expect(healthchecksFor(json, "worker", defaults).map((c) => c.kind)).toEqual(["uptime"]);
    expect(healthchecksFor(json, "clock", defaults)).toEqual([]);
    expect(healthchecksFor({}, "web", defaults)).toEqual([]);
    expect(healthchecksFor({ healthchecks: null }, "web", defaults)).toEqual([]);
  });

  test("unknown keys are ignored, as the healthchecker ignores them", () => {
    expect(healthchecksFor(doc([{ path: "/", comment: "mine" }]), "web", defaults)).toHaveLength(1);
  });

  test("bad values fail with the key that is wrong", () => {
    const bad: [unknown, string][] = [
      [doc([{ attempts: 0 }]), "healthchecks.web.0.attempts: attempts must be at least 1"],
      [doc([{ attempts: "3" }]), "attempts must be a number"],
      [doc([{ wait: 1.5 }]), "wait must be a whole number of seconds"],
      [doc([{ timeout: 0 }]), "timeout must be at least 1"],
      [doc([{ port: 70000 }]), "port must be 1-65535"],
      [doc([{ path: "health" }]), "path must start with /"],
      [doc([{ scheme: "ftp" }]), "scheme must be http or https"],
      [doc([{ type: "sometimes" }]), "type must be startup, liveness or readiness"],
      [doc([{ command: "echo hi" }]), "command must be an array of strings"],
      [doc([{ command: [] }]), "command must not be empty"],
      [doc([{ httpHeaders: [{ name: "Bad Header", value: "x" }] }]), "httpHeaders name must be a valid header name"],
      [doc([{ httpHeaders: [{ name: "X", value: "a\nb" }] }]), "httpHeaders value must be one line"],
      [doc({ path: "/" }), "healthchecks.web: healthchecks.<process-type> must be a list of checks"],
      [{ healthchecks: [] }, "healthchecks must be an object keyed by process type"],
      [doc([{ path: "/", command: ["true"] }]), "healthchecks.web[0]: set only one of command, path"],
      [doc([{ uptime: 5, listening: true }]), "set only one of uptime, listening"],
      [doc([{ uptime: 5, content: "x" }]), "healthchecks.web[0]: content applies to path checks only"],
    ];
    for (const [json, message] of bad) {
      expect(() => healthchecksFor(json, "web", defaults), message).toThrow(message);
      expect(() => healthchecksFor(json, "web", defaults), message).toThrow("Invalid app.json file: healthchecks");
    }
  });

  test("validateHealthchecks checks every process type", () => {
    expect(() => validateHealthchecks({ healthchecks: { web: [{ path: "/" }], worker: [{ uptime: -1 }] } })).toThrow("healthchecks.worker.0.uptime");
    expect(() => validateHealthchecks({ healthchecks: { "we b": [] } })).toThrow("healthchecks keys must be process types");
    expect(() => validateHealthchecks({ name: "no checks" })).not.toThrow();
  });
});

describe("Dokku's implicit checks", () => {
  test("the default check is an uptime check of default-wait seconds; web gets a warn-only listening check", () => {
    expect(defaultUptimeCheck(10)).toMatchObject({ name: "default", kind: "uptime", uptime: 10, warn: false });
    expect(webListeningCheck(defaults)).toMatchObject({ name: "port listening check", kind: "listening", warn: true, attempts: 3 });
    expect(webListeningCheck(defaults).port).toBeUndefined();
  });
});
