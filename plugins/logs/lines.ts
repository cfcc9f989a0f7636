// Log lines of app containers (pure): docker's timestamp split off, merged in time order, and
// printed as Dokku prints them: `<timestamp> app[<type>.<n>]: <line>`.
import { COLORS } from "./schema.ts";

export interface LogLine {
  /** Docker's RFC 3339 timestamp with fixed nanoseconds (sorts as text), "" when absent. */
  ts: string;
  /** `web.1`, `run.1234`. */
  dyno: string;
  text: string;
  /** ANSI colour of the container, on a terminal only. */
  color?: number;
}

/** `2024-05-01T10:00:00.123456789Z text` -> timestamp and text (docker logs --timestamps). */
export function splitTimestamp(line: string): { ts: string; text: string } {
  const space = line.indexOf(" ");
  if (space > 0 && /^\d{4}-\d\d-\d\dT[0-9:.]+Z$/.test(line.slice(0, space))) return { ts: line.slice(0, space), text: line.slice(space + 1) };
  return { ts: "", text: line };
}

/** One output line: raw with `quiet`, else prefixed, the prefix coloured on a terminal. */
export function formatLine(line: LogLine, quiet: boolean): string {
  if (quiet) return line.text;
  const prefix = `${line.ts} app[${line.dyno}]:`;
  return line.color === undefined ? `${prefix} ${line.text}` : `\x1b[${line.color}m${prefix}\x1b[0m ${line.text}`;
}

/** The colour of the i-th container (Dokku's cycle 36, 33, 32, 35, 31). */
export function colorOf(i: number): number {
  return COLORS[i % COLORS.length]!;
}

/**
 * Lines of several containers in time order (stable: one container's lines keep their order),
 * the last `limit` of them when limit > 0.
 */
export function mergeByTime(lines: readonly LogLine[], limit = 0): LogLine[] {
  const sorted = lines.map((line, i) => ({ line, i })).sort((a, b) => (a.line.ts < b.line.ts ? -1 : a.line.ts > b.line.ts ? 1 : a.i - b.i)).map((x) => x.line);
  return limit > 0 ? sorted.slice(-limit) : sorted;
}
