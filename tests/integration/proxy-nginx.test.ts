// The proxy against a real nginx and real containers: configs built from the live web
// containers, domains, certificates, ports, and refusals that leave the serving config alone.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ensureTestImages, newRunId, requireDocker, sweepDocker } from "../_harness/docker.ts";
import { request, requireNginx } from "../_harness/nginx.ts";
import { type ProxyWorld, createProxyWorld, recordListeners, startWeb } from "./_proxy.ts";

const skip = (await requireDocker()) ?? requireNginx();
const runId = newRunId();
let world: ProxyWorld;

/** GET / through nginx with `host` as Host header, until it answers `status` (bounded). */
async function until(url: string, host: string, status: number): Promise<{ status: number; body: string }> {
  let last = { status: 0, body: "" };
  for (let i = 0; i < 100; i++) {
    last = await request(url, { host });
    if (last.status === status) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return last;
}

/** An app with one web container answering `body`, and its config built. */
async function deployed(app: string, body = app): Promise<void> {
  expect((await world.dokku(["apps:create", app])).code).toBe(0);
  await recordListeners(world, app, [await startWeb(world, app, body)]);
  const built = await world.dokku(["proxy:build-config", app]);
  expect(built.stderr).toBe("");
  expect(built.code).toBe(0);
}

describe.skipIf(skip !== undefined)("proxy through a real nginx", () => {
  beforeAll(async () => {
    await ensureTestImages();
    world = await createProxyWorld(runId);
  });
  afterAll(async () => {
    await world?.[Symbol.asyncDispose]();
    await sweepDocker(runId);
  });

  test("an app answers on its default vhost and on an added domain; a removed domain stops answering", async () => {
    await deployed("alpha");
    expect(await until(world.http, "alpha.dokku.test", 200)).toEqual({ status: 200, body: "alpha\n" });
    const added = await world.dokku(["domains:add", "alpha", "www.alpha.test"]);
    expect(added.stdout).toContain("-----> Added www.alpha.test to alpha\n");
    expect(await request(world.http, { host: "www.alpha.test" })).toMatchObject({ status: 200, body: "alpha\n" });
    expect((await world.dokku(["domains:remove", "alpha", "www.alpha.test"])).code).toBe(0);
    expect((await request(world.http, { host: "www.alpha.test" })).status).toBe(410);
    expect((await world.dokku(["plugin:trigger", "domains-urls", "alpha", "urls"])).stdout).toBe(
      `http://alpha.dokku.test:${world.nginx.httpPort}\n`,
    );
  });

  test("certs:generate: https answers 200, http redirects to it; certs:remove brings plain http back", async () => {
    await deployed("bravo");
    const generated = await world.dokku(["certs:generate", "bravo"]);
    expect(generated.code).toBe(0);
    expect(generated.stdout).toContain("-----> Creating https nginx.conf");
    const httpsUrl = `https://bravo.dokku.test:${world.nginx.httpsPort}/`;
    const resolve = `bravo.dokku.test:${world.nginx.httpsPort}:127.0.0.1`;
    expect(await request(httpsUrl, { resolve })).toMatchObject({ status: 200, body: "bravo\n" });
    expect(await request(`${world.http}/path?q=1`, { host: "bravo.dokku.test" })).toMatchObject({
      status: 301,
      location: `https://bravo.dokku.test:${world.nginx.httpsPort}/path?q=1`,
    });
    expect((await world.dokku(["nginx:show-config", "bravo"])).stdout).toContain("ssl_certificate");
    expect((await world.dokku(["certs:report", "bravo", "--ssl-hostnames"])).stdout).toBe("bravo.dokku.test\n");
    expect((await world.dokku(["certs:remove", "bravo"])).code).toBe(0);
    expect(await request(world.http, { host: "bravo.dokku.test" })).toMatchObject({ status: 200, body: "bravo\n" });
  });

  test("ports:set moves the app to another port", async () => {
    await deployed("charlie");
    const port = world.nginx.httpPort + 1 === world.nginx.httpsPort ? world.nginx.httpsPort + 1 : world.nginx.httpPort + 1;
    const set = await world.dokku(["ports:set", "charlie", `http:${port}:5000`]);
    expect(set.code).toBe(0);
    expect(await request(`http://127.0.0.1:${port}/`, { host: "charlie.dokku.test" })).toMatchObject({ status: 200, body: "charlie\n" });
    expect((await world.dokku(["ports:report", "charlie", "--ports-map"])).stdout).toBe(`http:${port}:5000\n`);
    expect((await request(world.http, { host: "charlie.dokku.test" })).status).toBe(410);
  });

  test("the upstream follows the recorded containers: a new container takes over, the old one may go", async () => {
    await deployed("delta", "delta-v1");
    const next = await startWeb(world, "delta", "delta-v2");
    await recordListeners(world, "delta", [next]);
    expect((await world.dokku(["proxy:build-config", "delta"])).code).toBe(0);
    // proxy:build-config returns once nginx runs the new config: the first request already sees it.
    expect(await request(world.http, { host: "delta.dokku.test" })).toMatchObject({ status: 200, body: "delta-v2\n" });
    expect((await world.dokku(["nginx:show-config", "delta"])).stdout).toContain(`server ${next.ip}:5000;`);
  });

  test("with no web listener left the app answers 502 instead of another app", async () => {
    await deployed("echo");
    await recordListeners(world, "echo", []);
    const built = await world.dokku(["proxy:build-config", "echo"]);
    expect(built.stderr).toContain("No web listeners specified for echo");
    const answer = await request(world.http, { host: "echo.dokku.test" });
    expect({ status: answer.status, page: answer.body.includes("Bad gateway") }).toEqual({ status: 502, page: true });
  });

  test("proxy:disable removes the app's server; proxy:enable brings it back", async () => {
    await deployed("foxtrot");
    expect((await world.dokku(["proxy:disable", "foxtrot"])).stdout).toContain("Nginx support is disabled for app (foxtrot)");
    expect((await world.dokku(["nginx:show-config", "foxtrot"])).stderr).toContain("No nginx.conf exists for foxtrot");
    expect((await request(world.http, { host: "foxtrot.dokku.test" })).status).toBe(410);
    expect((await world.dokku(["proxy:enable", "foxtrot"])).code).toBe(0);
    expect(await request(world.http, { host: "foxtrot.dokku.test" })).toMatchObject({ status: 200, body: "foxtrot\n" });
  });

  test("apps:destroy takes the app's server out of nginx", async () => {
    await deployed("golf");
    expect((await world.dokku(["--force", "apps:destroy", "golf"])).code).toBe(0);
    expect((await request(world.http, { host: "golf.dokku.test" })).status).toBe(410);
  });

  test("nginx:set values reach the config; values nginx would choke on are refused", async () => {
    await deployed("hotel");
    expect((await world.dokku(["nginx:set", "hotel", "client-max-body-size", "42m"])).code).toBe(0);
    expect((await world.dokku(["proxy:build-config", "hotel"])).code).toBe(0);
    expect((await world.dokku(["nginx:show-config", "hotel"])).stdout).toContain("client_max_body_size 42m;");
    const bad = await world.dokku(["nginx:set", "hotel", "client-max-body-size", "1m; include /etc/shadow"]);
    expect({ code: bad.code, stderr: bad.stderr }).toEqual({ code: 1, stderr: " !     Invalid value for client-max-body-size: 1m; include /etc/shadow (expected a size like 1m)\n" });
    expect((await world.dokku(["nginx:report", "hotel", "--nginx-computed-client-max-body-size"])).stdout).toBe("42m\n");
  });

  test("a log format the host defines is accepted; one nobody defines is refused and the previous config serves", async () => {
    await deployed("india");
    expect((await world.dokku(["nginx:set", "india", "access-log-format", "dokku_timing"])).code).toBe(0);
    const built = await world.dokku(["proxy:build-config", "india"]);
    expect({ code: built.code, stderr: built.stderr }).toEqual({ code: 0, stderr: "" });
    expect((await world.dokku(["nginx:show-config", "india"])).stdout).toMatch(/access_log\s+\S+ dokku_timing;/);
    expect(await until(world.http, "india.dokku.test", 200)).toMatchObject({ status: 200, body: "india\n" });
    expect((await world.dokku(["nginx:set", "india", "access-log-format", "nobody_defines_this"])).code).toBe(0);
    const refused = await world.dokku(["proxy:build-config", "india"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("The new nginx config of india is invalid; the previous one stays in place");
    expect(refused.stderr).toContain("nobody_defines_this");
    expect((await world.dokku(["nginx:show-config", "india"])).stdout).toContain("dokku_timing;");
    expect(await request(world.http, { host: "india.dokku.test" })).toMatchObject({ status: 200, body: "india\n" });
    // Back to the default format, so later --all rebuilds meet no refused app.
    expect((await world.dokku(["nginx:set", "india", "access-log-format"])).code).toBe(0);
    expect((await world.dokku(["proxy:build-config", "india"])).code).toBe(0);
  });

  test("proxy:build-config --all --parallel rebuilds every deployed app and skips the others", async () => {
    await deployed("india-all");
    expect((await world.dokku(["apps:create", "juliet-idle"])).code).toBe(0);
    const r = await world.dokku(["proxy:build-config", "--all", "--parallel", "2"]);
    expect({ code: r.code, stderr: r.stderr.replace(/ !     No web listeners specified for echo\n/g, "") }).toEqual({ code: 0, stderr: "" });
    expect(r.stdout).toContain("-----> Configuring india-all.dokku.test...(using built-in template)");
    expect(r.stdout).not.toContain("juliet-idle");
    expect(await request(world.http, { host: "india-all.dokku.test" })).toMatchObject({ status: 200, body: "india-all\n" });
  });

  test("without vhosts the app gets a port of its own; access logs show its requests", async () => {
    await deployed("kilo-novhost");
    expect((await world.dokku(["domains:disable", "kilo-novhost"])).code).toBe(0);
    const port = Number((await world.dokku(["proxy:report", "kilo-novhost", "--proxy-proxy-port"])).stdout.trim());
    expect(port).toBeGreaterThan(1024);
    expect(port).not.toBe(world.nginx.httpPort);
    expect(await request(`http://127.0.0.1:${port}/`)).toMatchObject({ status: 200, body: "kilo-novhost\n" });
    expect((await world.dokku(["nginx:show-config", "kilo-novhost"])).stdout).not.toContain("server_name");
    const logs = await world.dokku(["nginx:access-logs", "kilo-novhost"]);
    expect({ code: logs.code, hasGet: logs.stdout.includes('"GET / HTTP/1.1" 200') }).toEqual({ code: 0, hasGet: true });
  });
});
