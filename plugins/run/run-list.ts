// run:list output (pure): docker's table (`NAMES  COMMAND  CREATED`, as Dokku prints it with
// `docker container ls --format table`) or JSON for tools.
import type { ContainerSummary } from "../../src/docker/engine.ts";

/** `[{"name","state","command","created_at"}]`, oldest first. */
export function runListJson(containers: readonly ContainerSummary[]): string {
  // dokku-compat: Dokku documents name, command and creation date; the key names and state are ours.
  return JSON.stringify(
    byAge(containers).map((c) => ({ name: c.name, state: c.state, command: c.command, created_at: new Date(c.created * 1000).toISOString() })),
  );
}

/** The table rows, header first, columns padded as docker's tabwriter pads them (3 spaces). */
export function runListTable(containers: readonly ContainerSummary[], nowSeconds: number): string[] {
  const rows = [["NAMES", "COMMAND", "CREATED"], ...byAge(containers).map((c) => [c.name, JSON.stringify(c.command), `${humanDuration(nowSeconds - c.created)} ago`])];
  const widths = [0, 1].map((col) => Math.max(...rows.map((row) => row[col]!.length)) + 3);
  return rows.map(([name, command, created]) => `${name!.padEnd(widths[0]!)}${command!.padEnd(widths[1]!)}${created}`);
}

/** Docker's `units.HumanDuration` wording: "Less than a second", "About a minute", "3 hours", ... */
export function humanDuration(seconds: number): string {
  if (seconds < 1) return "Less than a second";
  if (seconds < 2) return "1 second";
  if (seconds < 60) return `${Math.floor(seconds)} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return "About a minute";
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(seconds / 3600);
  if (hours === 1) return "About an hour";
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(hours / 24 / 365)} years`;
}

function byAge(containers: readonly ContainerSummary[]): ContainerSummary[] {
  return [...containers].sort((a, b) => a.created - b.created || (a.name < b.name ? -1 : 1));
}
