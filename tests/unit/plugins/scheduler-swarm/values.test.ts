import { describe, expect, test } from "bun:test";
import { findNode, invalidSetting, nodeRows, parseConstraints, renderTable } from "../../../../plugins/scheduler-swarm/values.ts";
import type { SwarmNodeInfo } from "../../../../src/docker/engine.ts";

const node = (id: string, hostname: string, extra: Partial<SwarmNodeInfo> = {}): SwarmNodeInfo => ({
  id, hostname, role: "worker", state: "ready", availability: "active", address: "10.0.0.2", leader: false, ...extra,
});

describe("invalidSetting", () => {
  test("accepts Swarm's values", () => {
    const good: [Parameters<typeof invalidSetting>[0], string][] = [
      ["update-order", "start-first"], ["update-order", "stop-first"], ["update-failure-action", "rollback"], ["update-failure-action", "pause"],
      ["update-parallelism", "0"], ["max-replicas-per-node", "2"], ["placement-constraints", "node.role==worker; node.labels.zone != eu-1"],
    ];
    expect(good.map(([k, v]) => invalidSetting(k, v))).toEqual(good.map(() => undefined));
  });
  test("refuses the rest with Dokku-style messages", () => {
    expect(invalidSetting("update-order", "fast")).toBe("Invalid update-order: fast (expected start-first or stop-first)");
    expect(invalidSetting("update-parallelism", "-1")).toBe("Invalid update-parallelism: -1 (expected a whole number, 0 for no limit)");
    expect(invalidSetting("placement-constraints", "node.role=worker")).toBe("Invalid placement constraint: node.role=worker (expected e.g. node.role==worker; separate several with ;)");
  });
});

test("parseConstraints splits on ; and drops blanks", () => {
  expect(parseConstraints(" node.role==worker ;; node.hostname!=a ")).toEqual(["node.role==worker", "node.hostname!=a"]);
});

test("nodeRows and renderTable: sorted by name, the leader marked, columns aligned", () => {
  const table = renderTable(nodeRows([node("bbbbbbbbbbbbbbbb", "n2"), node("aaaaaaaaaaaaaaaa", "n1", { role: "manager", leader: true, address: "10.0.0.1" })]));
  expect(table.split("\n")).toEqual([
    "name  id            role              state  availability  address",
    "n1    aaaaaaaaaaaa  manager (leader)  ready  active        10.0.0.1",
    "n2    bbbbbbbbbbbb  worker            ready  active        10.0.0.2",
  ]);
});

test("findNode: by id, id prefix (4+ characters) or hostname; ambiguity is reported", () => {
  const nodes = [node("abcd1234", "n1"), node("abce5678", "n2"), node("ffff0000", "n2")];
  expect(findNode(nodes, "abcd1234")).toEqual(nodes[0]);
  expect(findNode(nodes, "abcd")).toEqual(nodes[0]);
  expect(findNode(nodes, "abc")).toBeUndefined();
  expect(findNode(nodes, "n1")).toEqual(nodes[0]);
  expect(findNode(nodes, "n2")).toBe("ambiguous");
  expect(findNode(nodes, "zz")).toBeUndefined();
});
