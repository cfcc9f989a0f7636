// A private nginx for tests: its own prefix, config, pid file, logs and loopback ports, including
// the per-app configs of one test host's DOKKU_ROOT (as install.sh's conf.d/dokku.conf does on a
// real host). The system nginx and its default site are never touched.
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { run } from "./host.ts";

export interface TestNginx extends AsyncDisposable {
  readonly prefix: string;
  readonly httpPort: number;
  readonly httpsPort: number;
  /** DOKKU_* variables pointing the dokku under test at this nginx and its ports. */
  readonly env: Record<string, string>;
  readonly pid: number;
}

/** True when Debian's nginx is installed (scripts/ci-services.sh installs it). */
export function nginxAvailable(): boolean {
  return ["/usr/sbin/nginx", "/usr/bin/nginx"].some((p) => existsSync(p));
}

/**
 * undefined when nginx is installed, else the reason to skip; with DOKKU_IT_REQUIRED=1 (CI) a
 * missing nginx fails instead, so a green run cannot hide an untested suite.
 */
export function requireNginx(): string | undefined {
  if (nginxAvailable()) return undefined;
  const reason = "nginx is not installed (scripts/ci-services.sh installs it)";
  if (process.env.DOKKU_IT_REQUIRED === "1") throw new Error(`nginx is required (DOKKU_IT_REQUIRED=1) but ${reason}`);
  process.stderr.write(`SKIP nginx tests: ${reason}\n`);
  return reason;
}

/** A free TCP port on 127.0.0.1 (bind port 0 and read it back). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * Starts the nginx. `netns` (a `/proc/PID/ns/net` path) runs the master in that network namespace
 * (a container's, where ports 80 and 443 are free whatever the machine runs): only its sockets move,
 * the dokku under test still validates, signals and reloads it from here.
 */
export async function startNginx(root: string, dokkuRoot: string, options: { netns?: string } = {}): Promise<TestNginx> {
  const prefix = join(root, "nginx");
  await mkdir(join(prefix, "logs"), { recursive: true });
  const conf = join(prefix, "nginx.conf");
  const pidFile = join(prefix, "nginx.pid");
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  await writeFile(
    conf,
    [
      "worker_processes 1;",
      `pid ${pidFile};`,
      `error_log ${join(prefix, "logs", "error.log")};`,
      "events { worker_connections 1024; }",
      "http {",
      `  access_log ${join(prefix, "logs", "access.log")};`,
      ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((kind) => `  ${kind}_temp_path ${join(prefix, kind)};`),
      "  server_tokens off;",
      // Defined at the host's http level, as users define formats for `nginx:set APP access-log-format`.
      "  log_format dokku_timing '$time_iso8601 $status $request_time $upstream_addr $upstream_status $upstream_connect_time $upstream_response_time $pid';",
      // Like Dokku's 00-default-vhost.conf: a Host no app claims gets 410, not the first app.
      `  server { listen 127.0.0.1:${httpPort} default_server; listen [::1]:${httpPort} default_server; server_name _; access_log off; return 410; }`,
      `  include ${dokkuRoot}/*/nginx.conf;`,
      "}",
      "",
    ].join("\n"),
  );
  const inNetns = options.netns ? ["nsenter", `--net=${options.netns}`] : [];
  const started = await run([...inNetns, "nginx", "-p", prefix, "-c", conf]);
  if (started.code !== 0) throw new Error(`nginx did not start: ${started.stderr}`);
  const pid = await waitForPid(pidFile);
  return {
    prefix,
    httpPort,
    httpsPort,
    pid,
    env: {
      DOKKU_NGINX_CONF: conf,
      DOKKU_NGINX_PREFIX: prefix,
      DOKKU_NGINX_PID_FILE: pidFile,
      DOKKU_NGINX_LOG_ROOT: join(prefix, "logs"),
      DOKKU_PROXY_PORT: String(httpPort),
      DOKKU_PROXY_SSL_PORT: String(httpsPort),
    },
    [Symbol.asyncDispose]: async () => {
      try {
        process.kill(pid, "SIGTERM");
      } catch {
        return;
      }
      for (let i = 0; i < 200 && alive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 25));
      await rm(prefix, { recursive: true, force: true });
    },
  };
}

async function waitForPid(file: string): Promise<number> {
  for (let i = 0; i < 400; i++) {
    const pid = Number((await readFile(file, "utf8").catch(() => "")).trim());
    if (pid > 0) return pid;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`nginx wrote no pid file at ${file}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface HttpAnswer {
  status: number;
  body: string;
  location?: string;
}

/** One request through nginx on 127.0.0.1 with a Host header (curl, so https SNI works via --resolve). */
export async function request(url: string, options: { host?: string; resolve?: string } = {}): Promise<HttpAnswer> {
  const argv = ["curl", "-sS", "-k", "--max-time", "10", "-o", "-", "-w", "\n%{http_code} %{redirect_url}"];
  if (options.host) argv.push("-H", `Host: ${options.host}`);
  if (options.resolve) argv.push("--resolve", options.resolve);
  const r = await run([...argv, url]);
  if (r.code !== 0) return { status: 0, body: r.stderr };
  const cut = r.stdout.lastIndexOf("\n");
  const [status = "0", location = ""] = r.stdout.slice(cut + 1).split(" ");
  return { status: Number(status), body: r.stdout.slice(0, cut), location: location || undefined };
}

/** Waits (bounded) until the master has no worker left from before a reload ("is shutting down"). */
export async function oldWorkersGone(master: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const r = await run(["pgrep", "-P", String(master), "-f", "shutting down"]);
    if (r.code !== 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`nginx ${master} still has workers shutting down after ${timeoutMs} ms`);
}
