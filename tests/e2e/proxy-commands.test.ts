// ports, domains, certs, proxy and nginx commands on the compiled binary: Dokku's output, errors
// and files. No app is deployed here, so no nginx is needed (nothing is built or reloaded).
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { makeTar } from "../_harness/archives.ts";
import { type TestHost, createTestHost, run } from "../_harness/host.ts";

let host: TestHost;
const ok = (stdout: string) => ({ code: 0, stdout, stderr: "" });
const err = (stderr: string, code = 1) => ({ code, stdout: "", stderr: ` !     ${stderr}\n` });

beforeEach(async () => {
  host = await createTestHost();
  await writeFile(join(host.dokkuRoot, "VHOST"), "dokku.test\n10.0.0.9\n");
  expect((await host.dokku(["apps:create", "web"])).code).toBe(0);
});
afterEach(() => host[Symbol.asyncDispose]());

describe("ports", () => {
  test("add, list, remove, set, clear and report", async () => {
    expect(await host.dokku(["ports:add", "web", "http:8080:5000", "https:8443:5000"])).toEqual(ok(""));
    expect(await host.dokku(["ports:list", "web"])).toEqual(
      ok("-----> Port mappings for web\n-----> scheme  host port  container port\n    http       8080       5000\n    https      8443       5000\n"),
    );
    expect(await host.dokku(["ports:remove", "web", "8443"])).toEqual(ok(""));
    expect(await host.dokku(["ports:report", "web", "--ports-map"])).toEqual(ok("http:8080:5000\n"));
    expect(await host.dokku(["ports:set", "web", "http:9000:3000"])).toEqual(ok(""));
    expect((await host.dokku(["plugin:trigger", "ports-get", "web"])).stdout).toBe("http:9000:3000\n");
    expect(await host.dokku(["ports:clear", "web"])).toEqual(ok(""));
    expect(await host.dokku(["ports:list", "web"])).toEqual(err("No port mappings configured for app"));
  });

  test("bad maps are refused with Dokku's messages and change nothing", async () => {
    await host.dokku(["ports:set", "web", "http:80:5000"]);
    expect(await host.dokku(["ports:add", "web"])).toEqual(err("No port mapping specified"));
    expect(await host.dokku(["ports:add", "web", "http:80"])).toEqual(err("Invalid port map http:80 [len=2]"));
    expect(await host.dokku(["ports:add", "web", "http:80:3000"])).toEqual(err("The same scheme:host-port is being reused: http:80"));
    expect(await host.dokku(["ports:set", "web", "http:70000:5000"])).toEqual(err("Invalid port map http:70000:5000 [hostPort=70000]"));
    expect((await host.dokku(["ports:report", "web", "--ports-map"])).stdout).toBe("http:80:5000\n");
  });
});

describe("domains", () => {
  test("a new app gets APP.<global vhost>; IP vhosts are skipped", async () => {
    expect(await readFile(join(host.dokkuRoot, "web", "VHOST"), "utf8")).toBe("web.dokku.test\n");
    expect((await host.dokku(["domains:report", "web", "--domains-app-vhosts"])).stdout).toBe("web.dokku.test\n");
  });

  test("add skips duplicates, remove, set, clear and reset", async () => {
    expect(await host.dokku(["domains:add", "web", "www.example.com", "web.dokku.test"])).toEqual(
      ok("-----> Added www.example.com to web\n-----> Skipping: web.dokku.test already added to web\n"),
    );
    expect(await host.dokku(["domains:remove", "web", "web.dokku.test"])).toEqual(ok("-----> Removed web.dokku.test from web\n"));
    expect(await host.dokku(["domains:set", "web", "a.example.com", "b.example.com"])).toEqual(ok("-----> Set a.example.com b.example.com for web\n"));
    expect((await host.dokku(["plugin:trigger", "domains-list", "web"])).stdout).toBe("a.example.com\nb.example.com\n");
    expect(await host.dokku(["domains:clear", "web"])).toEqual(ok("-----> Cleared domains in web\n"));
    expect((await host.dokku(["plugin:trigger", "domains-vhost-enabled", "web"])).stdout).toBe("false\n");
    expect(await host.dokku(["domains:reset", "web"])).toEqual(ok("-----> Reset domains for web\n"));
    expect(await readFile(join(host.dokkuRoot, "web", "VHOST"), "utf8")).toBe("web.dokku.test\n");
  });

  test("an invalid domain changes nothing", async () => {
    expect(await host.dokku(["domains:add", "web", "ok.example.com", "bad_domain!"])).toEqual(err("bad_domain! is invalid. exiting..."));
    expect(await readFile(join(host.dokkuRoot, "web", "VHOST"), "utf8")).toBe("web.dokku.test\n");
  });

  test("disable and enable flip NO_VHOST; the report says so", async () => {
    expect(await host.dokku(["domains:disable", "web"])).toEqual(ok("-----> Disabling domains for web\n"));
    expect((await host.dokku(["config:get", "web", "NO_VHOST"])).stdout).toBe("1\n");
    expect((await host.dokku(["domains:report", "web", "--domains-app-enabled"])).stdout).toBe("false\n");
    expect(await host.dokku(["domains:enable", "web"])).toEqual(ok("-----> Enabling domains for web\n"));
    expect((await host.dokku(["domains:report", "web", "--domains-app-enabled"])).stdout).toBe("true\n");
  });

  test("global domains", async () => {
    expect(await host.dokku(["domains:add-global", "example.org"])).toEqual(ok("-----> Added example.org\n"));
    expect((await host.dokku(["domains:report", "--global", "--domains-global-vhosts"])).stdout).toBe("dokku.test 10.0.0.9 example.org\n");
    expect(await host.dokku(["domains:clear-global"])).toEqual(ok("-----> Cleared global domains\n"));
    expect((await host.dokku(["domains:report", "--global", "--domains-global-enabled"])).stdout).toBe("false\n");
  });
});

async function keyPair(dir: string, cn: string, name = "server"): Promise<{ crt: string; key: string }> {
  const crt = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  const r = await run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", crt, "-subj", `/CN=${cn}`, "-days", "2"]);
  expect(r.code).toBe(0);
  return { crt, key };
}

describe("certs", () => {
  test("certs:add from files installs the pair with Dokku's modes; show, report and remove", async () => {
    const pair = await keyPair(host.root, "web.dokku.test");
    expect(await host.dokku(["certs:add", "web", pair.crt, pair.key])).toEqual(ok("-----> Adding SSL endpoint to web\n"));
    expect(await host.dokku(["certs:show", "web", "crt"])).toEqual(ok(await readFile(pair.crt, "utf8")));
    expect((await host.dokku(["certs:report", "web", "--ssl-enabled"])).stdout).toBe("true\n");
    expect((await host.dokku(["certs:report", "web", "--ssl-verified"])).stdout).toBe("self signed\n");
    expect((await run(["stat", "-c", "%a", join(host.dokkuRoot, "web", "tls"), join(host.dokkuRoot, "web", "tls", "server.key")])).stdout).toBe("750\n640\n");
    expect((await host.dokku(["plugin:trigger", "ports-get", "web"])).stdout).toBe("http:80:5000\nhttps:443:5000\n");
    expect(await host.dokku(["certs:remove", "web"])).toEqual(ok("-----> Removing SSL endpoint from web\n"));
    expect(await host.dokku(["certs:remove", "web"])).toEqual(err("An app-specific SSL endpoint is not defined"));
  });

  test("a key that does not belong to the certificate is refused and nothing is written", async () => {
    const a = await keyPair(host.root, "a.test", "a");
    const b = await keyPair(host.root, "b.test", "b");
    const r = await host.dokku(["certs:add", "web", a.crt, b.key]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(" !     The certificate and key do not match: the key's public key differs from the certificate's\n");
    expect(existsSync(join(host.dokkuRoot, "web", "tls"))).toBe(false);
    expect(await host.dokku(["certs:add", "web", join(host.root, "nope.crt"), b.key])).toEqual(err("CRT file specified not found, please check file paths"));
  });

  test("certs:add reads a tar on stdin through the safe tar reader", async () => {
    const pair = await keyPair(host.root, "web.dokku.test");
    const tar = makeTar([
      { name: "server.crt", data: await readFile(pair.crt) },
      { name: "server.key", data: await readFile(pair.key) },
    ]);
    const r = await host.dokku(["certs:update", "web"], { input: tar.toString("latin1") });
    expect(r).toEqual(ok("-----> Adding SSL endpoint to web\n"));
    expect(await readFile(join(host.dokkuRoot, "web", "tls", "server.crt"), "utf8")).toBe(await readFile(pair.crt, "utf8"));
    const missing = makeTar([{ name: "server.crt", data: await readFile(pair.crt) }]);
    expect(await host.dokku(["certs:add", "web"], { input: missing.toString("latin1") })).toEqual(err("Tar archive is missing .key file"));
  });

  test("certs:generate makes a self-signed pair for the app's domain, once", async () => {
    const r = await host.dokku(["certs:generate", "web"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("-----BEGIN CERTIFICATE REQUEST-----");
    expect((await host.dokku(["certs:report", "web", "--ssl-hostnames"])).stdout).toBe("web.dokku.test\n");
    expect(existsSync(join(host.dokkuRoot, "web", "tls", "server.csr"))).toBe(true);
    expect(await host.dokku(["certs:generate", "web"])).toEqual(ok("-----> web has an SSL endpoint already defined\n"));
  });
});

describe("proxy and nginx settings", () => {
  test("proxy:set takes the legacy type form and refuses a port map", async () => {
    expect(await host.dokku(["proxy:set", "web", "caddy"])).toEqual(ok("=====> Setting type to caddy\n"));
    expect((await host.dokku(["proxy:report", "web", "--proxy-computed-type"])).stdout).toBe("caddy\n");
    const r = await host.dokku(["proxy:set", "web", "80:5000"]);
    expect(r.stderr).toBe(" !     Detected potential port mapping instead of proxy type\n !     Consider using ports:set command or specifying a valid proxy\n");
  });

  test("proxy:disable and proxy:enable", async () => {
    expect(await host.dokku(["proxy:disable", "web"])).toEqual(ok("-----> Disabling proxy for app\n-----> Nginx support is disabled for app (web)\n"));
    expect(await host.dokku(["proxy:disable", "web"])).toEqual(ok("-----> Proxy is already disabled for app\n"));
    expect((await host.dokku(["proxy:enable", "web"])).stdout).toBe("-----> Enabling proxy for app\n");
    expect((await host.dokku(["proxy:report", "web", "--proxy-enabled"])).stdout).toBe("true\n");
  });

  test("nginx:set refuses unknown keys and values nginx would not take; show-config needs a config", async () => {
    expect((await host.dokku(["nginx:set", "web", "no-such-key", "1"])).stderr).toContain("Invalid property specified, valid properties include: access-log-format");
    expect(await host.dokku(["nginx:set", "web", "proxy-read-timeout", "forever"])).toEqual(err("Invalid value for proxy-read-timeout: forever (expected a duration like 60s)"));
    expect(await host.dokku(["nginx:set", "--global", "hsts", "false"])).toEqual(ok("=====> Setting hsts to false\n"));
    expect((await host.dokku(["nginx:report", "web", "--nginx-computed-hsts"])).stdout).toBe("false\n");
    expect(await host.dokku(["nginx:show-config", "web"])).toEqual(err("No nginx.conf exists for web"));
  });
});

test("nginx:help is the nginx-vhosts plugin's help, as in Dokku", async () => {
  const r = await host.dokku(["nginx:help"]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("nginx:show-config");
});
