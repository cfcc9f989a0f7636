import { join } from "node:path";
import { UserError } from "../core/errors.ts";

/** Where the daemon is, read once from the environment snapshot (`DOCKER_HOST` & co.). */
export type DockerEndpoint =
  | { readonly kind: "unix"; readonly socketPath: string }
  | { readonly kind: "tcp"; readonly host: string; readonly port: string; readonly tls: boolean; readonly certDir?: string }
  | { readonly kind: "ssh"; readonly host: string; readonly port: string; readonly username: string };

/** The docker CLI's own default; docker-modem would also probe `~/.docker/run`, the CLI does not. */
export const DEFAULT_SOCKET = "/var/run/docker.sock";

/**
 * Parses `DOCKER_HOST` (and `DOCKER_TLS_VERIFY`, `DOCKER_CERT_PATH`) from the snapshot, the way
 * the docker CLI reads them. Both the API client and the CLI child use the result, so a value
 * from /etc/default/dokku reaches both or neither.
 */
export function dockerEndpoint(vars: Readonly<Record<string, string>>): DockerEndpoint {
  const host = vars.DOCKER_HOST ?? "";
  if (host === "") return { kind: "unix", socketPath: DEFAULT_SOCKET };
  if (host.startsWith("unix://")) return { kind: "unix", socketPath: host.slice("unix://".length) || DEFAULT_SOCKET };
  const invalid = new UserError(`Invalid DOCKER_HOST: ${host} (expected unix:///path, tcp://host:port or ssh://user@host)`);
  let url: URL;
  try {
    url = new URL(host.includes("://") ? host : `tcp://${host}`);
  } catch {
    throw invalid;
  }
  if (!["tcp:", "http:", "https:", "ssh:"].includes(url.protocol)) {
    throw new UserError(`Invalid DOCKER_HOST: ${host} (unsupported scheme ${url.protocol.replace(/:$/, "")})`);
  }
  if (url.hostname === "") throw invalid;
  if (url.protocol === "ssh:") {
    return { kind: "ssh", host: url.hostname, port: url.port || "22", username: decodeURIComponent(url.username) };
  }
  const tlsVerify = vars.DOCKER_TLS_VERIFY !== undefined && vars.DOCKER_TLS_VERIFY !== "" && vars.DOCKER_TLS_VERIFY !== "0";
  const port = url.port || (tlsVerify ? "2376" : "2375");
  const tls = tlsVerify || port === "2376" || url.protocol === "https:";
  const certDir = vars.DOCKER_CERT_PATH || (tlsVerify && vars.HOME ? join(vars.HOME, ".docker") : undefined);
  return { kind: "tcp", host: url.hostname, port, tls, ...(tls && certDir ? { certDir } : {}) };
}

/** `DOCKER_HOST` as the CLI should see it: always explicit, so no CLI context can point elsewhere. */
export function endpointUrl(endpoint: DockerEndpoint): string {
  switch (endpoint.kind) {
    case "unix":
      return `unix://${endpoint.socketPath}`;
    case "tcp":
      return `tcp://${endpoint.host}:${endpoint.port}`;
    case "ssh":
      return `ssh://${endpoint.username ? `${endpoint.username}@` : ""}${endpoint.host}:${endpoint.port}`;
  }
}

/** Variables that choose the daemon and the CLI's configuration; the child gets the snapshot's view of them. */
const PINNED_VARS = ["DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "DOCKER_CONFIG"] as const;

/**
 * The docker CLI child's environment: the snapshot, then `extra` (values for value-less
 * `--build-arg KEY` / `--env KEY` flags, which may be any app config), then the pinned variables
 * again: neither an app's config nor a CLI context can send the CLI to another daemon than the
 * API client, and a config `HOME` does not move the CLI's own configuration directory.
 */
export function cliEnv(vars: Readonly<Record<string, string>>, endpoint: DockerEndpoint, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const env: Record<string, string> = { ...vars, ...extra };
  for (const key of PINNED_VARS) delete env[key];
  env.DOCKER_HOST = endpointUrl(endpoint);
  if (endpoint.kind === "tcp" && endpoint.tls) {
    env.DOCKER_TLS_VERIFY = "1";
    if (endpoint.certDir) env.DOCKER_CERT_PATH = endpoint.certDir;
  }
  const config = vars.DOCKER_CONFIG || (vars.HOME ? join(vars.HOME, ".docker") : "");
  if (config) env.DOCKER_CONFIG = config;
  return env;
}

/** Files of a TLS client (`ca.pem`, `cert.pem`, `key.pem` under `DOCKER_CERT_PATH`). */
export interface TlsFiles {
  ca: string;
  cert: string;
  key: string;
}

/**
 * docker-modem options with every connection key set explicitly: the modem merges its own
 * process-env defaults under what it is given, so an unset key would let `process.env` leak in.
 * (It still computes those defaults, so only a malformed `DOCKER_HOST` in the process itself can
 * still make the modem throw.)
 */
export function modemOptions(endpoint: DockerEndpoint, vars: Readonly<Record<string, string>>, tls?: TlsFiles): Record<string, unknown> {
  const none = { socketPath: undefined, host: undefined, port: undefined, protocol: undefined, ca: undefined, cert: undefined, key: undefined, pathPrefix: undefined, timeout: undefined, username: undefined };
  switch (endpoint.kind) {
    case "unix":
      return { ...none, socketPath: endpoint.socketPath };
    case "tcp":
      return { ...none, host: endpoint.host, port: endpoint.port, protocol: endpoint.tls ? "https" : "http", pathPrefix: "/", ...(tls ?? {}) };
    case "ssh":
      return { ...none, host: endpoint.host, port: endpoint.port, protocol: "ssh", username: endpoint.username, pathPrefix: "/", sshOptions: { agent: vars.SSH_AUTH_SOCK } };
  }
}

/** Paths of the TLS files for an endpoint, when it uses a client certificate directory. */
export function tlsPaths(endpoint: DockerEndpoint): TlsFiles | undefined {
  if (endpoint.kind !== "tcp" || !endpoint.tls || !endpoint.certDir) return undefined;
  return { ca: join(endpoint.certDir, "ca.pem"), cert: join(endpoint.certDir, "cert.pem"), key: join(endpoint.certDir, "key.pem") };
}
