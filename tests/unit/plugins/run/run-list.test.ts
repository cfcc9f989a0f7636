import { describe, expect, test } from "bun:test";
import { expiredContainers } from "../../../../plugins/run/retire.ts";
import { humanDuration, runListJson, runListTable } from "../../../../plugins/run/run-list.ts";
import type { ContainerSummary } from "../../../../src/docker/engine.ts";

function container(name: string, created: number, labels: Record<string, string> = {}): ContainerSummary {
  return { id: `${name}-id`, name, image: "dokku/web:latest", labels, command: "/exec sleep 15", state: "running", health: "none", networks: {}, created };
}

describe("run:list output", () => {
  test("a docker-style table, oldest first, columns padded by three spaces", () => {
    const rows = runListTable([container("web.run.22", 1_000_100), container("web.run.1", 1_000_000)], 1_000_120);
    expect(rows).toEqual([
      "NAMES        COMMAND            CREATED",
      'web.run.1    "/exec sleep 15"   2 minutes ago',
      'web.run.22   "/exec sleep 15"   20 seconds ago',
    ]);
  });

  test("JSON with name, state, command and creation time", () => {
    expect(JSON.parse(runListJson([container("web.run.1", 1_700_000_000)]))).toEqual([
      { name: "web.run.1", state: "running", command: "/exec sleep 15", created_at: "2023-11-14T22:13:20.000Z" },
    ]);
  });

  test("durations read as docker writes them", () => {
    const cases: [number, string][] = [
      [0, "Less than a second"], [1, "1 second"], [59, "59 seconds"], [60, "About a minute"], [150, "2 minutes"],
      [3600, "About an hour"], [7 * 3600, "7 hours"], [3 * 86400, "3 days"], [20 * 86400, "2 weeks"], [90 * 86400, "3 months"], [800 * 86400, "2 years"],
    ];
    for (const [seconds, text] of cases) expect(humanDuration(seconds)).toBe(text);
  });
});

describe("expiredContainers", () => {
  test("only containers whose deadline passed since creation; no or bad deadline never expires", () => {
    const list = [
      container("a", 100, { "com.dokku.active-deadline-seconds": "60" }),
      container("b", 100, { "com.dokku.active-deadline-seconds": "61" }),
      container("c", 0),
      container("d", 0, { "com.dokku.active-deadline-seconds": "soon" }),
      container("e", 0, { "com.dokku.active-deadline-seconds": "0" }),
    ];
    expect(expiredContainers(list, 160).map((c) => c.name)).toEqual(["a"]);
  });
});
