// Shared set-up of the proxy integration tests: a test host wired to its own nginx, web
// containers started with the docker CLI (busybox httpd from the herokuish test image), and the
// IP/PORT state files the scheduler and network plugins write after a deploy.
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RUN_LABEL, STOPPABLE_HTTPD, TEST_IMAGES, docker } from "../_harness/docker.ts";
import { createTestHost, type TestHost } from "../_harness/host.ts";
import { type TestNginx, startNginx } from "../_harness/nginx.ts";
import { installTriggerPlugin } from "../e2e/git-fixtures.ts";

/** The global vhost of every proxy test host: apps answer on APP.dokku.test. */
export const VHOST = "dokku.test";

export interface ProxyWorld extends AsyncDisposable {
  readonly host: TestHost;
  readonly nginx: TestNginx;
  readonly runId: string;
  /** `http://127.0.0.1:<proxy port>` */
  readonly http: string;
  readonly https: string;
  dokku(args: readonly string[], input?: string): ReturnType<TestHost["dokku"]>;
}

/**
 * A test host with its nginx, a global vhost, loopback-only listen addresses and, until the
 * network plugin answers it, a stand-in `network-get-listeners` reading the IP/PORT files.
 */
export async function createProxyWorld(runId: string): Promise<ProxyWorld> {
  const host = await createTestHost("dokku-proxy-");
  host.env.DOKKU_IMAGE = TEST_IMAGES.herokuish; // pushes build with the offline herokuish test image
  const nginx = await attachNginx(host);
  const dokku = (args: readonly string[], input?: string) => host.dokku(args, { input });
  if ((await dokku(["network:report", "--help"])).code !== 0) await installListenerStub(host);
  return {
    host,
    nginx,
    runId,
    http: `http://127.0.0.1:${nginx.httpPort}`,
    https: `https://127.0.0.1:${nginx.httpsPort}`,
    dokku,
    [Symbol.asyncDispose]: async () => {
      await nginx[Symbol.asyncDispose]();
      await host[Symbol.asyncDispose]();
    },
  };
}

/**
 * Gives `host` its own nginx on loopback ports: apps answer on APP.dokku.test there (the global
 * vhost), listening on 127.0.0.1 and ::1 only. The caller disposes of the nginx.
 */
export async function attachNginx(host: TestHost): Promise<TestNginx> {
  await chmod(host.root, 0o755); // nginx workers (nobody) read the error pages under DOKKU_LIB_ROOT
  const nginx = await startNginx(host.root, host.dokkuRoot);
  Object.assign(host.env, nginx.env);
  await writeFile(join(host.dokkuRoot, "VHOST"), `${VHOST}\n`);
  for (const [key, value] of [["bind-address-ipv4", "127.0.0.1"], ["bind-address-ipv6", "::1"]]) {
    const r = await host.dokku(["nginx:set", "--global", key!, value!]);
    if (r.code !== 0) throw new Error(r.stderr);
  }
  return nginx;
}

/** Answers `network-get-listeners APP TYPE` from `DOKKU_ROOT/APP/IP.TYPE.N` and `PORT.TYPE.N`, as the network plugin does. */
async function installListenerStub(host: TestHost): Promise<void> {
  const script = [
    'out=""',
    'for f in "$DOKKU_ROOT/$1"/IP."$2".*; do',
    '  [ -f "$f" ] || continue',
    '  n="${f##*.}"',
    '  port=$(cat "$DOKKU_ROOT/$1/PORT.$2.$n" 2>/dev/null || echo 5000)',
    '  out="$out $(cat "$f"):$port"',
    "done",
    'echo $out',
  ].join("\n");
  await installTriggerPlugin(host, "test-network-listeners", { "network-get-listeners": script });
}

export interface WebContainer {
  readonly id: string;
  readonly ip: string;
}

/** A web container answering GET / with `body` on port 5000, labelled for the run's sweep. */
export async function startWeb(world: ProxyWorld, app: string, body: string): Promise<WebContainer> {
  const script = `mkdir -p /www && echo '${body.replace(/'/g, "")}' > /www/index.html && ${STOPPABLE_HTTPD}`;
  const r = await docker([
    "run", "-d", `--label=${RUN_LABEL}=${world.runId}`, `--label=com.dokku.app-name=${app}`, "--stop-timeout=1",
    TEST_IMAGES.herokuish, "sh", "-c", script,
  ]);
  if (r.code !== 0) throw new Error(`docker run failed: ${r.stderr}`);
  const id = r.stdout.trim();
  const inspect = await docker(["inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", id]);
  return { id, ip: inspect.stdout.trim() };
}

/** Records the live web containers of `app` as the scheduler would after they passed checks. */
export async function recordListeners(world: ProxyWorld, app: string, containers: readonly WebContainer[]): Promise<void> {
  const dir = join(world.host.dokkuRoot, app);
  for (const name of ["IP", "PORT", "CONTAINER"]) {
    for (let i = containers.length + 1; i <= 16; i++) await rm(join(dir, `${name}.web.${i}`), { force: true });
  }
  for (const [i, c] of containers.entries()) {
    await writeFile(join(dir, `CONTAINER.web.${i + 1}`), c.id);
    await writeFile(join(dir, `IP.web.${i + 1}`), c.ip);
    await writeFile(join(dir, `PORT.web.${i + 1}`), "5000");
  }
}

/** A source directory for `plugin:trigger core-post-extract APP DIR REV` with the given files. */
export async function sourceDir(files: Record<string, string>): Promise<AsyncDisposable & { path: string }> {
  const path = await mkdtemp(join(tmpdir(), "dokku-proxy-src-"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(path, name), text);
  return { path, [Symbol.asyncDispose]: () => rm(path, { recursive: true, force: true }) };
}
