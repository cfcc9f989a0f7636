// check-deploy on real containers: the compiled binary checks containers this file starts from the
// offline herokuish test image (busybox httpd with a few CGI scripts), as the docker-local scheduler
// calls it for every new container: app.json healthchecks of each kind, the default wait, skipped
// types, the legacy CHECKS file, and Dokku's failure output.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { docker, requireDocker } from "../_harness/docker.ts";
import { ChecksWorld, ok, webScript } from "./_checks.ts";

const skip = await requireDocker();
const world = new ChecksWorld();
const web = (checks: unknown[]) => ({ healthchecks: { web: checks } });

beforeAll(async () => {
  if (!skip) await world.setUp();
}, 15 * 60_000);

afterAll(async () => {
  if (!skip) await world.tearDown();
});

describe.skipIf(Boolean(skip))("check-deploy", () => {
  test("a path check with content passes at once; the web listening check runs beside it", async () => {
    const app = await world.app(web([{ type: "startup", name: "home", description: "the home page", path: "/", content: "hello from" }]));
    const c = await world.start(app, webScript(app));
    const r = await world.check(app, c);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("Running healthcheck name='home' description='the home page' path=/ port=5000 attempts=3 wait=1s timeout=5s");
    expect(r.stdout).toContain("Healthcheck succeeded name='home'");
    expect(r.stdout).toContain("Healthcheck succeeded name='port listening check'");
    expect(r.stdout).toEndWith("       All checks successful (web.1)\n");
    expect(r.code).toBe(0);
  });

  test("content that never appears fails: Dokku's failure line, exit 1 (the caller frames the container's output)", async () => {
    const app = await world.app(web([{ type: "startup", name: "greeting", path: "/", content: "goodbye", attempts: 2 }]));
    const c = await world.start(app, webScript(app));
    const r = await world.check(app, c);
    expect(r.stdout).toContain(`Attempt 1/2 failed name='greeting': /: expected content "goodbye" not found in the response; retrying in 1s`);
    expect(r.stdout).not.toContain("container output");
    expect(r.stderr).toContain(`Failure in name='greeting': /: expected content "goodbye" not found in the response`);
    expect(r.stderr).toEndWith(" !     Could not start due to 1 failed checks (web.1)\n");
    expect(r.code).toBe(1);
  });

  test("an app that binds its port a moment after the check starts passes in its first attempt", async () => {
    const app = await world.app(web([
      { type: "startup", name: "late", path: "/", content: "hello from", attempts: 1, timeout: 30 },
      { type: "startup", name: "late port", listening: true, attempts: 1, timeout: 30 },
    ]));
    const c = await world.start(app, `sleep 2 && ${webScript(app)}`);
    const r = await world.check(app, c);
    expect(r.stdout).toContain("Healthcheck succeeded name='late'");
    expect(r.stdout).toContain("Healthcheck succeeded name='late port'");
    expect(r.stdout).not.toContain("Attempt 1/");
    expect(r.code).toBe(0);
  });

  test("retries until the app is ready; a non-2xx status fails", async () => {
    const app = await world.app(web([
      { type: "startup", name: "flaky", path: "/cgi-bin/flaky", content: "ready", attempts: 5 },
      { type: "startup", name: "down", path: "/cgi-bin/down", attempts: 1 },
    ]));
    const c = await world.start(app, webScript(app));
    const r = await world.check(app, c);
    expect(r.stdout).toContain("Attempt 1/5 failed name='flaky'");
    expect(r.stdout).toContain("Healthcheck succeeded name='flaky'");
    expect(r.stderr).toContain("Failure in name='down': /cgi-bin/down: HTTP status 503");
    expect(r.stderr).toContain("Could not start due to 1 failed checks (web.1)");
    expect(r.code).toBe(1);
  });

  test("redirects on the same host are followed on the container; redirects elsewhere fail", async () => {
    const app = await world.app(web([
      { type: "startup", name: "moved", path: "/cgi-bin/moved", content: "hello from" },
      { type: "startup", name: "away", path: "/cgi-bin/away", attempts: 1 },
    ]));
    const c = await world.start(app, webScript(app));
    const r = await world.check(app, c);
    expect(r.stdout).toContain("Healthcheck succeeded name='moved'");
    expect(r.stderr).toContain("Failure in name='away': /cgi-bin/away: redirected to http://elsewhere.example.test/ (another host; not followed)");
    expect(r.code).toBe(1);
  });

  test("an attempt that takes longer than its timeout fails, on every attempt", async () => {
    const app = await world.app(web([{ type: "startup", name: "slow", path: "/cgi-bin/slow", timeout: 1, attempts: 2, wait: 0 }]));
    const c = await world.start(app, webScript(app));
    const r = await world.check(app, c);
    expect(r.stdout).toContain("Attempt 1/2 failed name='slow': /cgi-bin/slow: no answer within 1s; retrying in 0s");
    expect(r.stderr).toContain("Failure in name='slow': /cgi-bin/slow: no answer within 1s");
    expect(r.code).toBe(1);
  });

  test("the Host header is the app's own when the check sets one; X-Forwarded-Proto when the app has a certificate", async () => {
    const app = await world.app(web([
      { type: "startup", name: "host", path: "/cgi-bin/env", content: "HTTP_HOST=app.example.test", httpHeaders: [{ name: "Host", value: "app.example.test" }] },
      { type: "startup", name: "proto", path: "/cgi-bin/env", content: "HTTP_X_FORWARDED_PROTO=https", attempts: 1 },
    ]));
    const c = await world.start(app, webScript(app));
    expect((await world.check(app, c)).stderr).toContain("Failure in name='proto'");
    await mkdir(join(world.host.dokkuRoot, app, "tls"), { recursive: true });
    await writeFile(join(world.host.dokkuRoot, app, "tls", "server.crt"), "cert");
    await writeFile(join(world.host.dokkuRoot, app, "tls", "server.key"), "key");
    const r = await world.check(app, c);
    expect(r.stdout).toContain("Healthcheck succeeded name='host'");
    expect(r.stdout).toContain("Healthcheck succeeded name='proto'");
    expect(r.code).toBe(0);
  });

  test("command checks run inside the container: exit 0 passes, another code fails with its output", async () => {
    const app = await world.app(web([
      { type: "startup", name: "has-index", command: ["test", "-f", "/www/index.html"] },
      { type: "startup", name: "broken", command: ["sh", "-c", "echo database unreachable >&2; exit 3"], attempts: 1 },
    ]));
    const c = await world.start(app, webScript(app));
    const r = await world.check(app, c);
    expect(r.stdout).toContain("Healthcheck succeeded name='has-index'");
    expect(r.stderr).toContain(`Failure in name='broken': ["sh","-c","echo database unreachable >&2; exit 3"] exited with code 3: database unreachable`);
    expect(r.code).toBe(1);
  });

  test("listening checks connect to the port; warn-only failures do not fail the deploy", async () => {
    const app = await world.app(web([
      { type: "startup", name: "http port", listening: true },
      { type: "startup", name: "admin port", listening: true, port: 5001, attempts: 1, timeout: 1, warn: true },
    ]));
    const c = await world.start(app, webScript(app));
    const r = await world.check(app, c);
    expect(r.stdout).toContain("Healthcheck succeeded name='http port'");
    expect(r.stderr).toContain(`Healthcheck failed (warning only) name='admin port': connection refused on ${c.ip}:5001`);
    expect(r.stdout).toContain("All checks successful (web.1)");
    expect(r.code).toBe(0);
  });

  test("uptime: a container that stays up passes; one that exits fails as soon as it exits", async () => {
    const app = await world.app({ healthchecks: { worker: [{ type: "startup", name: "stays", uptime: 1 }], clock: [{ type: "startup", name: "stays", uptime: 600 }] } });
    const up = await world.start(app, "echo working; exec sleep 600", "worker");
    const r = await world.check(app, up, "worker", "");
    expect(r.stdout).toContain("Running healthcheck name='stays' uptime=1s");
    expect(r.stdout).toContain("All checks successful (worker.1)");
    expect(r.code).toBe(0);
    const dying = await world.start(app, "echo giving up; sleep 1; exit 2", "clock");
    const failed = await world.check(app, dying, "clock", "");
    expect(failed.stderr).toContain("Failure in name='stays': the container exited with code 2");
    expect(failed.code).toBe(1);
  });

  test("without healthchecks the container must stay up default-wait seconds; liveness and readiness checks do not run", async () => {
    const app = await world.app({ healthchecks: { worker: [{ type: "liveness", command: ["false"] }, { type: "readiness", path: "/never" }] } });
    ok(await world.host.dokku(["checks:set", app, "default-wait", "1"]), "checks:set");
    const c = await world.start(app, "exec sleep 600", "worker");
    const r = await world.check(app, c, "worker", "");
    expect(r.stdout).toContain("Skipping 2 liveness/readiness checks: the docker-local scheduler runs startup checks only");
    expect(r.stdout).toContain("Running healthcheck name='default' uptime=1s");
    expect(r.stdout).not.toContain("port listening check");
    expect(r.code).toBe(0);
    const gone = await world.start(app, "exit 4", "worker", 2);
    await docker(["container", "wait", gone.id]);
    const failed = await world.check(app, gone, "worker", "", "2");
    expect(failed.stderr).toContain("Failure in name='default': the container exited with code 4");
    expect(failed.stderr).toContain("Could not start due to 1 failed checks (worker.2)");
  });

  test("skipped types pass without checking; checks:set defaults apply to checks that set none", async () => {
    const app = await world.app(web([{ type: "startup", name: "missing", path: "/missing" }]));
    const c = await world.start(app, webScript(app));
    ok(await world.host.dokku(["checks:set", app, "attempts", "1"]), "checks:set");
    const once = await world.check(app, c);
    expect(once.stdout).not.toContain("Attempt 1/");
    expect(once.stderr).toContain("Failure in name='missing': /missing: HTTP status 404");
    ok(await world.host.dokku(["checks:skip", app, "web"]), "checks:skip");
    const skipped = await world.check(app, c);
    expect(skipped.stdout).toBe("=====> Zero downtime checks have been skipped (web.1)\n");
    expect(skipped.code).toBe(0);
  });

  test("a container of another app is refused before any check runs", async () => {
    const mine = await world.app(web([{ type: "startup", command: ["touch", "/tmp/ran"] }]));
    const theirs = await world.app();
    const c = await world.start(theirs, webScript(theirs));
    const r = await world.check(mine, c);
    expect(r.stderr).toBe(` !     Container ${c.id.slice(0, 12)} does not belong to app ${mine}\n`);
    expect(r.code).toBe(1);
    expect((await docker(["container", "exec", c.id, "test", "-e", "/tmp/ran"])).code).toBe(1);
  });

  test("the CHECKS file: rendered with the app's config, converted, run with the deprecation warning", async () => {
    const app = await world.app();
    ok(await world.host.dokku(["config:set", "--no-restart", app, "CHECK_HOST=legacy.example.test"]), "config:set");
    const dir = join(world.host.libRoot, "data", "scheduler-docker-local", app);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "CHECKS"), 'ATTEMPTS=2   # twice\n/ hello from\n//{{ var "CHECK_HOST" }}/cgi-bin/env HTTP_HOST=legacy.example.test\n');
    const c = await world.start(app, webScript(app));
    const r = await world.check(app, c);
    expect(r.stderr).toContain(" !     Deprecated: Usage of the CHECKS file is deprecated in favor of healthchecks in app.json\n !     Please move your healthchecks to app.json.\n");
    expect(r.stdout).toContain("Healthcheck succeeded name='check-1'");
    expect(r.stdout).toContain("Healthcheck succeeded name='check-2'");
    expect(r.code).toBe(0);
    await writeFile(join(dir, "CHECKS"), "ATTEMPTS=1\n/nothing-here\n");
    const failed = await world.check(app, c);
    expect(failed.stderr).toContain("Failure in name='check-1': /nothing-here: HTTP status 404");
    expect(failed.code).toBe(1);
  });
});
