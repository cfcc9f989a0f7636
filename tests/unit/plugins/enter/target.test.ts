import { describe, expect, test } from "bun:test";
import { dynoOf, parseEnterArgs, selectContainer } from "../../../../plugins/enter/target.ts";
import type { ContainerSummary } from "../../../../src/docker/engine.ts";

function dyno(id: string, type: string, index: number, created = 0, extra: Record<string, string> = {}): ContainerSummary {
  return {
    id, name: `other-name-${id}`, image: "img", command: "", state: "running", health: "none", networks: {}, created,
    labels: { "com.dokku.app-name": "web", "com.dokku.process-type": type, "com.dokku.container-index": String(index), ...extra },
  };
}

describe("parseEnterArgs", () => {
  test("the first word is the target; the rest (after an optional --) is the command", () => {
    expect(parseEnterArgs([])).toEqual({ target: { kind: "any" }, command: [] });
    expect(parseEnterArgs(["web", "echo", "hi"])).toEqual({ target: { kind: "type", type: "web" }, command: ["echo", "hi"] });
    expect(parseEnterArgs(["worker.2", "--", "-x"])).toEqual({ target: { kind: "type", type: "worker", index: 2 }, command: ["-x"] });
    expect(parseEnterArgs(["--container-id", "abc", "ls"])).toEqual({ target: { kind: "id", id: "abc" }, command: ["ls"] });
    expect(parseEnterArgs(["--container-id=abc"])).toEqual({ target: { kind: "id", id: "abc" }, command: [] });
  });

  test("a malformed target is one clear error", () => {
    expect(() => parseEnterArgs(["we b"])).toThrow("Invalid process type we b");
    expect(() => parseEnterArgs(["web.0"])).toThrow("Invalid process type web.0");
    expect(() => parseEnterArgs(["web.x"])).toThrow("Invalid process type web.x");
    expect(() => parseEnterArgs(["--container-id"])).toThrow("--container-id requires a container id");
  });
});

describe("selectContainer", () => {
  const running = [dyno("w2", "web", 2), dyno("w1", "web", 1), dyno("k1", "worker", 1)];

  test("by type (lowest index), by type and index, identity from labels not names", () => {
    expect(selectContainer("web", running, { kind: "type", type: "web" }).id).toBe("w1");
    expect(selectContainer("web", running, { kind: "type", type: "web", index: 2 }).id).toBe("w2");
    expect(selectContainer("web", running, { kind: "type", type: "worker" }).id).toBe("k1");
  });

  test("no target works when the app runs a single process type", () => {
    expect(selectContainer("web", [dyno("w1", "web", 1)], { kind: "any" }).id).toBe("w1");
    expect(() => selectContainer("web", running, { kind: "any" })).toThrow("web runs several process types (web, worker)");
  });

  test("of two containers with the same dyno (a rollout), the newest", () => {
    expect(selectContainer("web", [dyno("old", "web", 1, 100), dyno("new", "web", 1, 200)], { kind: "type", type: "web" }).id).toBe("new");
    // Each running dyno is named once when none fits.
    expect(() => selectContainer("web", [dyno("old", "web", 1, 100), dyno("new", "web", 1, 200)], { kind: "type", type: "web", index: 2 })).toThrow(
      /\(running: web\.1\)$/,
    );
  });

  test("a type or index that is not running says what is", () => {
    expect(() => selectContainer("web", running, { kind: "type", type: "cron" })).toThrow("No running cron container found for web (running: web, worker)");
    expect(() => selectContainer("web", running, { kind: "type", type: "web", index: 3 })).toThrow("No running container web.3 found for web (running: web.1, web.2)");
    expect(() => selectContainer("web", [], { kind: "any" })).toThrow("No running containers found for web");
  });

  test("the index falls back to the dyno label; containers without type labels are ignored", () => {
    const viaDyno = { ...dyno("d", "web", 1), labels: { "com.dokku.process-type": "web", "com.dokku.dyno": "web.4" } };
    expect(dynoOf(viaDyno)).toEqual({ type: "web", index: 4 });
    expect(dynoOf({ ...viaDyno, labels: {} })).toBeUndefined();
  });
});
