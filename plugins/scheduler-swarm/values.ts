// Pure rules of the swarm scheduler's settings and node table.
import type { SwarmNodeInfo } from "../../src/docker/engine.ts";
import type { SettingKey } from "./schema.ts";

// A swarm placement constraint: `node.<attr>` or `engine.labels.x` / `node.labels.x`, == or !=, a value.
const CONSTRAINT = /^(node\.(id|hostname|role|platform\.os|platform\.arch|labels\.[A-Za-z0-9_.-]+)|engine\.labels\.[A-Za-z0-9_.-]+)\s*(==|!=)\s*[^,\s]+$/;

/** `placement-constraints`: `;`-separated constraints (a constraint's value may hold commas). */
export function parseConstraints(value: string): string[] {
  return value.split(";").map((c) => c.trim()).filter(Boolean);
}

/** Why a `scheduler-swarm:set` value is unusable, or undefined when it is fine. */
export function invalidSetting(key: SettingKey, value: string): string | undefined {
  switch (key) {
    case "update-order":
      return ["start-first", "stop-first"].includes(value) ? undefined : `Invalid update-order: ${value} (expected start-first or stop-first)`;
    case "update-failure-action":
      return ["rollback", "pause", "continue"].includes(value) ? undefined : `Invalid update-failure-action: ${value} (expected rollback, pause or continue)`;
    case "update-parallelism":
    case "max-replicas-per-node":
      return /^\d{1,6}$/.test(value) ? undefined : `Invalid ${key}: ${value} (expected a whole number, 0 for no limit)`;
    case "placement-constraints": {
      const bad = parseConstraints(value).filter((c) => !CONSTRAINT.test(c));
      return bad.length === 0 ? undefined : `Invalid placement constraint: ${bad[0]} (expected e.g. node.role==worker; separate several with ;)`;
    }
  }
}

/** `cluster:list` rows: name, id, role, state, availability, address; the leader marked. */
export function nodeRows(nodes: readonly SwarmNodeInfo[]): string[][] {
  const sorted = [...nodes].sort((a, b) => a.hostname.localeCompare(b.hostname) || a.id.localeCompare(b.id));
  return [
    ["name", "id", "role", "state", "availability", "address"],
    ...sorted.map((n) => [n.hostname, n.id.slice(0, 12), n.leader ? "manager (leader)" : n.role, n.state, n.availability, n.address]),
  ];
}

/** Columns padded to the widest cell, two spaces apart, no trailing blanks. */
export function renderTable(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? "").length)));
  return rows.map((row) => row.map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col]!))).join("  ").trimEnd()).join("\n");
}

/** The node `NODE` names: an exact id, an id prefix, or a hostname; undefined when none or ambiguous. */
export function findNode(nodes: readonly SwarmNodeInfo[], name: string): SwarmNodeInfo | "ambiguous" | undefined {
  const exact = nodes.find((n) => n.id === name);
  if (exact) return exact;
  const matches = nodes.filter((n) => n.hostname === name || (name.length >= 4 && n.id.startsWith(name)));
  if (matches.length > 1) return "ambiguous";
  return matches[0];
}
