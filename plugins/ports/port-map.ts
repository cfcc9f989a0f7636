import { UserError } from "../../src/core/errors.ts";

/** One `scheme:host-port:container-port` mapping (reference 9.2). */
export interface PortMap {
  readonly scheme: string;
  readonly hostPort: number;
  readonly containerPort: number;
}

/** Schemes a port map may carry (http/https/grpc/grpcs for nginx, tcp/udp for other proxies). */
export const SCHEMES = ["http", "https", "grpc", "grpcs", "tcp", "udp"] as const;

// dokku-compat: Dokku's wording for every refusal below.
export function parsePortMap(text: string): PortMap {
  const parts = text.split(":");
  if (parts.length !== 3) throw new UserError(`Invalid port map ${text} [len=${parts.length}]`);
  const [scheme, host, container] = parts as [string, string, string];
  if (!(SCHEMES as readonly string[]).includes(scheme)) throw new UserError(`Invalid port map ${text} [scheme=${scheme}]`);
  const hostPort = parsePort(host, text, "hostPort");
  const containerPort = parsePort(container, text, "containerPort");
  return { scheme, hostPort, containerPort };
}

function parsePort(value: string, text: string, what: string): number {
  if (!/^\d+$/.test(value)) throw new UserError(`Invalid port map ${text} [err=strconv.Atoi: parsing ${JSON.stringify(value)}: invalid syntax]`);
  const port = Number(value);
  if (port < 1 || port > 65535) throw new UserError(`Invalid port map ${text} [${what}=${port}]`);
  return port;
}

export function formatPortMap(map: PortMap): string {
  return `${map.scheme}:${map.hostPort}:${map.containerPort}`;
}

/** Parses every argument; none at all is refused as Dokku does. */
export function parsePortMaps(texts: readonly string[]): PortMap[] {
  if (texts.length === 0) throw new UserError("No port mapping specified");
  return texts.map(parsePortMap);
}

/** Refuses two maps that listen on the same scheme and host port. */
export function assertNoReuse(maps: readonly PortMap[]): void {
  const seen = new Set<string>();
  for (const map of maps) {
    const key = `${map.scheme}:${map.hostPort}`;
    if (seen.has(key)) throw new UserError(`The same scheme:host-port is being reused: ${key}`);
    seen.add(key);
  }
}

/** Unique maps in first-seen order. */
export function uniqueMaps(maps: readonly PortMap[]): PortMap[] {
  const seen = new Set<string>();
  return maps.filter((m) => {
    const key = formatPortMap(m);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Maps `add` on top of `existing`: a map equal to an existing one is not repeated. */
export function addPortMaps(existing: readonly PortMap[], added: readonly PortMap[]): PortMap[] {
  const next = uniqueMaps([...existing, ...added]);
  assertNoReuse(next);
  return next;
}

/**
 * `ports:remove` arguments: a full map removes that map; a bare host port removes every map
 * listening on it (Dokku's `__internal__` pseudo-map, never stored).
 */
export function removePortMaps(existing: readonly PortMap[], args: readonly string[]): PortMap[] {
  if (args.length === 0) throw new UserError("No port mapping specified");
  const hostPorts = new Set<number>();
  const exact = new Set<string>();
  for (const arg of args) {
    if (/^\d+$/.test(arg)) hostPorts.add(parsePort(arg, arg, "hostPort"));
    else exact.add(formatPortMap(parsePortMap(arg)));
  }
  return existing.filter((m) => !hostPorts.has(m.hostPort) && !exact.has(formatPortMap(m)));
}

/**
 * The maps a proxy serves once a certificate exists: every http map on the proxy port gets an
 * https twin on the ssl port; with no such map, every http map becomes https.
 * dokku-compat: Dokku hard-codes host port 80 here; we use the app's proxy port (80 by default),
 * so a host with another proxy port behaves the same way.
 */
export function withTls(maps: readonly PortMap[], proxyPort: number, sslPort: number): PortMap[] {
  const plain = maps.filter((m) => m.scheme === "http" && m.hostPort === proxyPort);
  if (plain.length === 0) return uniqueMaps(maps.map((m) => (m.scheme === "http" ? { ...m, scheme: "https" } : m)));
  const taken = new Set(maps.map((m) => `${m.scheme}:${m.hostPort}`));
  const added = plain
    .map((m) => ({ scheme: "https", hostPort: sslPort, containerPort: m.containerPort }))
    .filter((m) => !taken.has(`https:${m.hostPort}`) && (taken.add(`https:${m.hostPort}`), true));
  return [...maps, ...added];
}

/** Maps sorted as Dokku sorts detected ones: by scheme, then host port, then container port. */
export function sortPortMaps(maps: readonly PortMap[]): PortMap[] {
  return [...maps].sort((a, b) => a.scheme.localeCompare(b.scheme) || a.hostPort - b.hostPort || a.containerPort - b.containerPort);
}

/** Rows aligned like the `columnize` output of `ports:list`: cells padded, joined by two spaces. */
export function columnize(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ").trimEnd());
}
