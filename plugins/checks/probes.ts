import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect } from "node:net";
import type { DockerEngine } from "../../src/docker/engine.ts";

/**
 * One attempt of each network or exec check. Each resolves to undefined on success or to a one-
 * line reason on failure, and never takes longer than its timeout. node:http is used rather than
 * fetch because fetch may not send a caller's `Host` header (Deno drops it), and the checks must
 * ask the container for the app's domain.
 */

/** Bodies are searched for `content` within this many bytes. */
const MAX_BODY = 1024 * 1024;
const MAX_REDIRECTS = 5;

export interface HttpProbe {
  scheme: "http" | "https";
  ip: string;
  port: number;
  path: string;
  /** Header name -> value; `Host` among them when the app has a domain. */
  headers: Readonly<Record<string, string>>;
  content?: string;
  timeoutSeconds: number;
}

/**
 * GET `path` on the container: a 2xx answer (containing `content`, when set) passes. Redirects to
 * the same host (a relative Location, or the Host the request named) are followed on the
 * container; a redirect anywhere else fails, since the container is what is being checked.
 */
export async function probeHttp(probe: HttpProbe): Promise<string | undefined> {
  const deadline = Date.now() + probe.timeoutSeconds * 1000;
  let path = probe.path;
  let scheme = probe.scheme;
  for (let hop = 0; ; hop++) {
    let response: { status: number; location?: string; body: string };
    try {
      response = await getOnceListening({ ...probe, scheme, path }, deadline);
    } catch (error) {
      return describeNetworkError(error, probe, path);
    }
    if (response.status >= 300 && response.status < 400 && response.location !== undefined) {
      if (hop >= MAX_REDIRECTS) return `${path}: too many redirects`;
      const next = sameHostTarget(response.location, probe, scheme, path);
      if (!next) return `${path}: redirected to ${response.location} (another host; not followed)`;
      ({ scheme, path } = next);
      continue;
    }
    if (response.status < 200 || response.status >= 300) return `${path}: HTTP status ${response.status}`;
    if (probe.content !== undefined && !response.body.includes(probe.content)) {
      return `${path}: expected content ${JSON.stringify(probe.content)} not found in the response`;
    }
    return undefined;
  }
}

/** `get`, retried while the connection is refused and time is left (see REFUSED_RETRY_MS). */
async function getOnceListening(probe: HttpProbe, deadline: number): Promise<{ status: number; location?: string; body: string }> {
  for (;;) {
    try {
      return await get(probe, deadline - Date.now());
    } catch (error) {
      if (!(refused(error) && (await pauseBefore(deadline)))) throw error;
    }
  }
}

function get(probe: HttpProbe, timeoutMs: number): Promise<{ status: number; location?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const host = probe.headers.Host ?? probe.headers.host;
    const request = (probe.scheme === "https" ? httpsRequest : httpRequest)(
      {
        host: probe.ip,
        port: probe.port,
        path: probe.path,
        method: "GET",
        headers: { "User-Agent": "dokku-checks", ...probe.headers },
        agent: false,
        // Lenient about bare-LF line ends (CGI scripts, hand-written servers), as curl and Go's
        // client are: Dokku's checks pass such apps, so these must too.
        insecureHTTPParser: true,
        // The container is reached by IP, so its certificate cannot match; what is checked here
        // is that the app answers, not who it is.
        ...(probe.scheme === "https" ? { rejectUnauthorized: false, servername: host && !/^[\d.:[\]]+$/.test(host) ? host.replace(/:\d+$/, "") : undefined } : {}),
      },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          clearTimeout(timer);
          const location = response.headers.location;
          resolve({ status: response.statusCode ?? 0, location, body: Buffer.concat(chunks).toString("utf8") });
        };
        response.on("data", (chunk: Buffer) => {
          if (size >= MAX_BODY) return;
          chunks.push(chunk);
          size += chunk.length;
          if (size >= MAX_BODY) {
            done();
            request.destroy();
          }
        });
        response.on("end", done);
        response.on("error", (error) => {
          clearTimeout(timer);
          reject(error);
        });
      },
    );
    const timer = setTimeout(() => request.destroy(new TimeoutError()), Math.max(1, timeoutMs));
    request.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end();
  });
}

class TimeoutError extends Error {}

function sameHostTarget(location: string, probe: HttpProbe, scheme: string, path: string): { scheme: "http" | "https"; path: string } | undefined {
  const hostHeader = probe.headers.Host ?? probe.headers.host;
  let base: URL;
  let target: URL;
  try {
    const address = probe.ip.includes(":") ? `[${probe.ip}]:${probe.port}` : `${probe.ip}:${probe.port}`;
    base = new URL(`${scheme}://${hostHeader ?? address}${path}`);
    target = new URL(location, base);
  } catch {
    return undefined;
  }
  const sameHost = target.host === base.host || target.hostname === base.hostname || target.hostname === probe.ip;
  if (!sameHost || (target.protocol !== "http:" && target.protocol !== "https:")) return undefined;
  return { scheme: target.protocol === "https:" ? "https" : "http", path: `${target.pathname}${target.search}` };
}

function describeNetworkError(error: unknown, probe: HttpProbe, path: string): string {
  if (error instanceof TimeoutError) return `${path}: no answer within ${probe.timeoutSeconds}s`;
  return `${path}: ${networkReason(error, probe.ip, probe.port)}`;
}

function networkReason(error: unknown, ip: string, port: number): string {
  const code = (error as { code?: string } | null)?.code;
  if (code === "ECONNREFUSED") return `connection refused on ${ip}:${port}`;
  if (code === "ECONNRESET") return `connection reset by ${ip}:${port}`;
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return `${ip} is unreachable`;
  return error instanceof Error ? error.message : String(error);
}

/** A TCP connection to the port is accepted (a refused one is retried until the timeout: REFUSED_RETRY_MS). */
export async function probeListening(ip: string, port: number, timeoutSeconds: number): Promise<string | undefined> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const error = await connectOnce(ip, port, deadline - Date.now(), timeoutSeconds);
    if (!(error instanceof Error && refused(error) && (await pauseBefore(deadline)))) {
      return error instanceof Error ? networkReason(error, ip, port) : error;
    }
  }
}

/** One connection attempt: undefined when accepted, the error, or a reason on timeout. */
function connectOnce(ip: string, port: number, timeoutMs: number, timeoutSeconds: number): Promise<Error | string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: ip, port });
    const finish = (outcome: Error | string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish(`nothing accepted a connection on ${ip}:${port} within ${timeoutSeconds}s`), Math.max(1, timeoutMs));
    socket.once("connect", () => finish(undefined));
    socket.once("error", (error) => finish(error));
  });
}

/**
 * dokku-compat: Dokku's healthchecker fails an attempt as soon as the connection is refused and
 * sleeps `wait` seconds before the next one, so a container checked a few milliseconds before
 * its app binds the port always waits at least `wait`. Here a refused connection is retried
 * every REFUSED_RETRY_MS within the attempt's `timeout`: a check passes as soon as the app
 * answers, and a port that stays closed still fails the attempt (at its timeout).
 */
const REFUSED_RETRY_MS = 100;

function refused(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "ECONNREFUSED";
}

/** Waits REFUSED_RETRY_MS when that leaves time before `deadline`; false (at once) when not. */
async function pauseBefore(deadline: number): Promise<boolean> {
  if (Date.now() + REFUSED_RETRY_MS >= deadline) return false;
  await new Promise((resolve) => setTimeout(resolve, REFUSED_RETRY_MS));
  return true;
}

/**
 * Runs the command inside the container (argv, no shell added): exit 0 passes. The exec is not
 * killed at the timeout (the engine cannot cancel one); the attempt fails and its result is
 * ignored.
 */
export async function probeCommand(docker: DockerEngine, containerId: string, command: readonly string[], timeoutSeconds: number): Promise<string | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`${JSON.stringify(command)}: no exit within ${timeoutSeconds}s`), timeoutSeconds * 1000);
  });
  const run = docker.execInContainer(containerId, command).then(
    (outcome) => {
      if (outcome === "absent") return "the container no longer exists";
      if (outcome === "not-running") return "the container is not running";
      if (outcome.code === 0) return undefined;
      const output = lastLine(outcome.stderr) || lastLine(outcome.stdout);
      return `${JSON.stringify(command)} exited with code ${outcome.code}${output ? `: ${output}` : ""}`;
    },
    (error: unknown) => `${JSON.stringify(command)}: ${error instanceof Error ? error.message : String(error)}`,
  );
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function lastLine(text: string): string {
  return text.trim().split("\n").pop()?.trim() ?? "";
}
