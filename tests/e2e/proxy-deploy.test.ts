// The finish line: `git push` ends in an app answering through nginx on its own domain, over HTTP
// and HTTPS, and redeploys keep other apps' traffic. Needs the docker-local scheduler: until
// `scheduler-docker-local:report` is a command, every test here is skipped with that reason.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cp, readFile } from "node:fs/promises";
import { join } from "node:path";
import { FIXTURE_APPS_DIR, ensureTestImages, newRunId, requireDocker, sweepDocker } from "../_harness/docker.ts";
import { request, requireNginx } from "../_harness/nginx.ts";
import { type ProxyWorld, createProxyWorld } from "../integration/_proxy.ts";
import { commitFiles, makeRepo, push } from "./git-fixtures.ts";

const runId = newRunId();
const prefix = `pd-${runId}`;
let world: ProxyWorld;

async function schedulerMissing(): Promise<string | undefined> {
  const reason = (await requireDocker()) ?? requireNginx();
  if (reason) return reason;
  await using probe = await createProxyWorld(runId);
  if ((await probe.dokku(["scheduler-docker-local:report", "--help"])).code === 0) return undefined;
  const why = "WAITING FOR THE DOCKER-LOCAL SCHEDULER: `dokku scheduler-docker-local:report` is not a command yet";
  process.stderr.write(`SKIP proxy deploy e2e tests: ${why}\n`);
  return why;
}
const skip = await schedulerMissing();

async function pushFixture(app: string, files: Record<string, string> = {}): Promise<{ code: number; stderr: string }> {
  const dir = join(world.host.root, "repos", app);
  await makeRepo(world.host, dir, { README: `${app}\n` });
  await cp(join(FIXTURE_APPS_DIR, "buildpack-procfile"), dir, { recursive: true });
  await commitFiles(world.host, dir, files, "deploy");
  return push(world.host, dir, app, "main");
}

async function redeploy(app: string, files: Record<string, string>): Promise<{ code: number; stderr: string }> {
  const dir = join(world.host.root, "repos", app);
  await commitFiles(world.host, dir, files, "redeploy");
  return push(world.host, dir, app, "main");
}

const answer = (app: string) => request(world.http, { host: `${app}.dokku.test` });

/**
 * What nginx saw of the failed requests: the access lines of `apps` (format dokku_timing: time,
 * status, request time, upstream, its status and times) that are not 200 or took 2 s or more (a 499 is
 * a client that gave up while nginx waited on the upstream; no line at all: no worker took it), and
 * the error log's tail.
 */
async function whatNginxSaw(apps: string[]): Promise<string[]> {
  const lines: string[] = [];
  for (const app of apps) {
    const path = (await world.dokku(["nginx:report", app, "--nginx-computed-access-log-path"])).stdout.trim();
    const log = await readFile(path, "utf8").catch(() => "");
    lines.push(...log.split("\n").filter((l) => l && (l.split(" ")[1] !== "200" || Number(l.split(" ")[2]) >= 2)).map((l) => `${app} access: ${l}`));
  }
  const errors = await readFile(join(world.nginx.prefix, "logs", "error.log"), "utf8").catch(() => "");
  return [...lines, ...errors.trim().split("\n").slice(-20).map((l) => `nginx error: ${l}`)];
}

describe.skipIf(skip !== undefined)("git push to HTTP 200 through nginx", () => {
  beforeAll(async () => {
    await ensureTestImages();
    world = await createProxyWorld(runId);
  }, 15 * 60_000);
  afterAll(async () => {
    await world?.[Symbol.asyncDispose]();
    await sweepDocker(runId, prefix);
  });

  test("a pushed app answers on its default vhost, on an added domain, over https, and on a new port", async () => {
    const app = `${prefix}-web`;
    const pushed = await pushFixture(app);
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.stderr).toContain(`http://${app}.dokku.test:${world.nginx.httpPort}`);
    expect(await answer(app)).toMatchObject({ status: 200, body: "buildpack-procfile\n" });
    expect((await world.dokku(["domains:add", app, "www.pushed.test"])).code).toBe(0);
    expect(await request(world.http, { host: "www.pushed.test" })).toMatchObject({ status: 200 });
    expect((await world.dokku(["certs:generate", app])).code).toBe(0);
    const resolve = `${app}.dokku.test:${world.nginx.httpsPort}:127.0.0.1`;
    expect(await request(`https://${app}.dokku.test:${world.nginx.httpsPort}/`, { resolve })).toMatchObject({ status: 200 });
    expect((await answer(app)).status).toBe(301);
    const port = world.nginx.httpsPort + 1;
    expect((await world.dokku(["ports:set", app, `http:${port}:5000`])).code).toBe(0);
    // As in Dokku, with a certificate and no http map on the proxy port every http map serves https.
    const there = `${app}.dokku.test:${port}:127.0.0.1`;
    expect(await request(`https://${app}.dokku.test:${port}/`, { resolve: there })).toMatchObject({ status: 200, body: "buildpack-procfile\n" });
    expect((await world.dokku(["certs:remove", app])).code).toBe(0);
    expect(await request(`http://127.0.0.1:${port}/`, { host: `${app}.dokku.test` })).toMatchObject({ status: 200, body: "buildpack-procfile\n" });
  }, 600_000);

  test("a push with a broken nginx.conf.sigil is rejected and the app keeps serving", async () => {
    const app = `${prefix}-tpl`;
    expect((await pushFixture(app)).code).toBe(0);
    const r = await redeploy(app, { "nginx.conf.sigil": "server { listen {{ $.PROXY_PORT }}; broken_directive; }\n" });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("nginx.conf.sigil renders an invalid nginx config");
    expect(await answer(app)).toMatchObject({ status: 200, body: "buildpack-procfile\n" });
  }, 600_000);

  test("two apps keep their traffic while the other redeploys", async () => {
    const [a, b] = [`${prefix}-a`, `${prefix}-b`];
    // Access lines with timings and the upstream (a format the test nginx defines), to explain a failure.
    expect((await world.dokku(["nginx:set", "--global", "access-log-format", "dokku_timing"])).code).toBe(0);
    expect((await pushFixture(a)).code).toBe(0);
    expect((await pushFixture(b)).code).toBe(0);
    let stop = false;
    const failures: string[] = [];
    const loop = (async () => {
      while (!stop) {
        for (const app of [a, b]) {
          const at = new Date().toISOString();
          const r = await answer(app);
          if (r.status !== 200) failures.push(`${at} ${app}: ${r.status}${r.status === 0 ? ` ${r.body.trim()}` : ""}`);
        }
      }
    })();
    const steps: string[] = [];
    for (const app of [a, b]) {
      steps.push(`${new Date().toISOString()} redeploy of ${app} starts`);
      expect((await redeploy(app, { [`${app}.txt`]: "1" })).code).toBe(0);
      steps.push(`${new Date().toISOString()} redeploy of ${app} done`);
    }
    stop = true;
    await loop;
    if (failures.length > 0) failures.push(...steps, ...(await whatNginxSaw([a, b])));
    expect(failures).toEqual([]);
  }, 900_000);

  // After a dockerd restart, ps:restore makes the app answer through nginx again: proven in
  // tests/integration/restore.test.ts on a private daemon (the machine's dockerd is never restarted).
});
