// A bad config never replaces a working one and never blocks another app; traffic keeps flowing
// to one app while another app's containers are switched.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { docker, ensureTestImages, newRunId, requireDocker, sweepDocker } from "../_harness/docker.ts";
import { oldWorkersGone, request, requireNginx } from "../_harness/nginx.ts";
import { type ProxyWorld, createProxyWorld, recordListeners, sourceDir, startWeb } from "./_proxy.ts";

const skip = (await requireDocker()) ?? requireNginx();
const runId = newRunId();
let world: ProxyWorld;

async function deployed(app: string, body = app): Promise<void> {
  expect((await world.dokku(["apps:create", app])).code).toBe(0);
  await recordListeners(world, app, [await startWeb(world, app, body)]);
  expect((await world.dokku(["proxy:build-config", app])).code).toBe(0);
  for (let i = 0; i < 100 && (await request(world.http, { host: `${app}.dokku.test` })).status !== 200; i++) await new Promise((r) => setTimeout(r, 50));
}

const configOf = (app: string) => readFile(join(world.host.dokkuRoot, app, "nginx.conf"), "utf8");

/** The app's template from its source, as a deploy's core-post-extract step sees it. */
async function extract(app: string, template: string) {
  await using src = await sourceDir({ "nginx.conf.sigil": template });
  return await world.dokku(["plugin:trigger", "core-post-extract", app, src.path, "0000000"]);
}

describe.skipIf(skip !== undefined)("proxy isolation", () => {
  beforeAll(async () => {
    await ensureTestImages();
    world = await createProxyWorld(runId);
  });
  afterAll(async () => {
    await world?.[Symbol.asyncDispose]();
    await sweepDocker(runId);
  });

  test("an app template that does not parse is refused at extract time; the app keeps serving", async () => {
    await deployed("india");
    const before = await configOf("india");
    const r = await extract("india", "server {\n  listen {{ $.PROXY_PORT ;\n}\n");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(" !     The app's nginx.conf.sigil cannot be rendered: template: line 2: unclosed action");
    expect(await configOf("india")).toBe(before);
    expect(await request(world.http, { host: "india.dokku.test" })).toMatchObject({ status: 200, body: "india\n" });
  });

  test("an app template rendering a config nginx rejects is refused, named by nginx", async () => {
    await deployed("juliet");
    const r = await extract("juliet", "server {\n  listen {{ $.PROXY_PORT }};\n  no_such_directive on;\n}\n");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown directive "no_such_directive"');
    expect((await world.dokku(["proxy:build-config", "juliet"])).stdout).toContain("(using built-in template)");
    expect(await request(world.http, { host: "juliet.dokku.test" })).toMatchObject({ status: 200, body: "juliet\n" });
  });

  test("a valid app template is used for the app's config", async () => {
    await deployed("kilo");
    const template = [
      '{{ range $pm := .PROXY_PORT_MAP | split " " }}{{ $p := $pm | split ":" }}',
      "server {",
      "  listen {{ $.NGINX_BIND_ADDRESS_IP4 }}:{{ index $p 1 }};",
      "  server_name {{ $.NOSSL_SERVER_NAME }};",
      '  location / { add_header X-Custom "{{ var "GREETING" | default "hi" }}" always; proxy_pass http://{{ $.APP }}-{{ index $p 2 }}; }',
      "}",
      "upstream {{ $.APP }}-{{ index $p 2 }} {",
      '{{ range $l := $.DOKKU_APP_WEB_LISTENERS | split " " }}  server {{ $l }};\n{{ end }}}',
      "{{ end }}",
    ].join("\n");
    const r = await extract("kilo", template);
    expect(r.stdout).toContain("-----> Overriding default nginx.conf with detected nginx.conf.sigil");
    expect(r.code).toBe(0);
    const built = await world.dokku(["proxy:build-config", "kilo"]);
    expect(built.stdout).toContain("-----> Configuring kilo.dokku.test...(using app-supplied template)");
    expect(await configOf("kilo")).toContain('add_header X-Custom "hi" always;');
    expect(await request(world.http, { host: "kilo.dokku.test" })).toMatchObject({ status: 200, body: "kilo\n" });
  });

  test("a stored template that became invalid fails the build and leaves the serving config in place", async () => {
    await deployed("lima");
    const before = await configOf("lima");
    expect((await extract("lima", "server { listen 127.0.0.1:{{ $.PROXY_PORT }}; server_name {{ $.NOSSL_SERVER_NAME }}; }\n")).code).toBe(0);
    await writeFile(join(world.host.libRoot, "data", "nginx-vhosts", "app-lima", "nginx.conf.sigil"), "server { listen 1; bogus; }\n");
    const r = await world.dokku(["proxy:build-config", "lima"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(" !     The new nginx config of lima is invalid; the previous one stays in place:");
    expect(await configOf("lima")).toBe(before);
    expect(existsSync(join(world.host.dokkuRoot, "lima", ".nginx.conf.candidate"))).toBe(false);
    expect(await request(world.http, { host: "lima.dokku.test" })).toMatchObject({ status: 200, body: "lima\n" });
  });

  test("another app's config broken on disk is set aside, and this app's deploy goes through", async () => {
    await deployed("mike");
    await deployed("november");
    // Fails an nginx -t on its own (the log format is defined at the host's http level) but is
    // valid in the host config: it stays.
    await deployed("quebec");
    expect((await world.dokku(["nginx:set", "quebec", "access-log-format", "dokku_timing"])).code).toBe(0);
    expect((await world.dokku(["proxy:build-config", "quebec"])).code).toBe(0);
    await writeFile(join(world.host.dokkuRoot, "november", "nginx.conf"), "server { this is broken }\n");
    const next = await startWeb(world, "mike", "mike-v2");
    await recordListeners(world, "mike", [next]);
    const r = await world.dokku(["proxy:build-config", "mike"]);
    expect({ code: r.code, out: r.stdout }).toEqual({ code: 0, out: expect.stringContaining("Reloading nginx") });
    expect(r.stderr).toContain("The nginx config of november is invalid and was moved to");
    expect(existsSync(join(world.host.dokkuRoot, "november", "nginx.conf.invalid"))).toBe(true);
    expect(r.stderr).not.toContain("quebec");
    expect(existsSync(join(world.host.dokkuRoot, "quebec", "nginx.conf.invalid"))).toBe(false);
    expect(await configOf("quebec")).toContain("dokku_timing");
    expect(await request(world.http, { host: "quebec.dokku.test" })).toMatchObject({ status: 200, body: "quebec\n" });
    expect(await request(world.http, { host: "mike.dokku.test" })).toMatchObject({ status: 200, body: "mike-v2\n" });
    expect((await world.dokku(["nginx:validate-config"])).code).toBe(0);
  });

  test("nginx:validate-config names a broken config; --clean removes it and keeps one valid only in the host config", async () => {
    // After the test above: quebec names the host's log format, mike and quebec serve.
    await writeFile(join(world.host.dokkuRoot, "november", "nginx.conf"), "server { this is broken }\n");
    const checked = await world.dokku(["nginx:validate-config"]);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain("Invalid nginx config of november");
    expect(checked.stderr).not.toContain("quebec");
    const cleaned = await world.dokku(["nginx:validate-config", "--clean"]);
    expect({ code: cleaned.code, stderr: cleaned.stderr }).toEqual({ code: 0, stderr: expect.not.stringContaining("quebec") });
    expect(cleaned.stdout).toContain("Removing invalid nginx config of november");
    expect(existsSync(join(world.host.dokkuRoot, "november", "nginx.conf"))).toBe(false);
    expect(await configOf("quebec")).toContain("dokku_timing");
    expect(await request(world.http, { host: "quebec.dokku.test" })).toMatchObject({ status: 200, body: "quebec\n" });
    expect((await world.dokku(["nginx:validate-config"])).code).toBe(0);
    // A judging killed between its renames: the next build under the reload lock puts the config back.
    const quebec = join(world.host.dokkuRoot, "quebec", "nginx.conf");
    await rename(quebec, `${quebec}.judged`);
    expect((await world.dokku(["proxy:build-config", "mike"])).code).toBe(0);
    expect(await configOf("quebec")).toContain("dokku_timing");
    expect(existsSync(`${quebec}.judged`)).toBe(false);
  });

  test("one app keeps answering while another app's containers are switched three times", async () => {
    await deployed("oscar");
    await deployed("papa", "papa-0");
    let stop = false;
    const seen = { oscar: [] as number[], papa: [] as number[] };
    const loop = (async () => {
      while (!stop) {
        seen.oscar.push((await request(world.http, { host: "oscar.dokku.test" })).status);
        seen.papa.push((await request(world.http, { host: "papa.dokku.test" })).status);
      }
    })();
    let old = (await readFile(join(world.host.dokkuRoot, "papa", "CONTAINER.web.1"), "utf8")).trim();
    for (let round = 1; round <= 3; round++) {
      const next = await startWeb(world, "papa", `papa-${round}`);
      await recordListeners(world, "papa", [next]);
      const built = await world.dokku(["proxy:build-config", "papa"]);
      expect({ code: built.code, err: built.stderr }).toEqual({ code: 0, err: "" });
      await oldWorkersGone(world.nginx.pid); // requests the previous config accepted have finished
      await docker(["rm", "-f", old]);
      old = next.id;
    }
    stop = true;
    await loop;
    expect(await request(world.http, { host: "papa.dokku.test" })).toMatchObject({ status: 200, body: "papa-3\n" });
    expect(seen.oscar.length).toBeGreaterThan(0);
    expect({ oscar: seen.oscar.filter((s) => s !== 200), papa: seen.papa.filter((s) => s !== 200) }).toEqual({ oscar: [], papa: [] });
  });
});
