// dokku-letsencrypt issuing real certificates, unchanged, from a test ACME server: pebble (with
// pebble-challtestsrv as its DNS, every name resolving to the test nginx) validates HTTP-01 on
// port 80 of the app's http:80 mapping, served by the test's own nginx from the app's
// nginx.conf.d include. That nginx runs in the network namespace of a throw-away container, where
// ports 80 and 443 are free whatever this machine runs; dokku still drives it from here. lego runs
// in the plugin's own container (`--network host`, pebble's CA through LEGO_CA_CERTIFICATES), all
// set through the plugin's settings. One app deploy serves every step.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { chmod, cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { bundlePath, pluginRepoUrl, writeDokkurc } from "../_harness/community.ts";
import { type CrontabUser, createCrontabUser, crontabUnavailable } from "../_harness/crontab.ts";
import { FIXTURE_APPS_DIR, RUN_LABEL, TEST_IMAGES, docker, ensureTestImages, newRunId, requireDocker, sweepDocker } from "../_harness/docker.ts";
import { type TestHost, createTestHost, run } from "../_harness/host.ts";
import { type TestNginx, requireNginx, startNginx } from "../_harness/nginx.ts";
import { type Pebble, requirePebble, startPebble } from "../_harness/pebble.ts";
import { commitFiles, makeRepo, push } from "./git-fixtures.ts";

const runId = newRunId();
const app = `le-${runId}`;
const domain = `${app}.le.test`;

async function skipReason(): Promise<string | undefined> {
  const reason =
    (bundlePath("dokku-letsencrypt") ? undefined : "no dokku-letsencrypt bundle") ??
    // nsenter into the sandbox container's network namespace needs root (CI runs as root).
    (process.getuid?.() === 0 ? undefined : "not root: the test nginx is started in a container's network namespace") ??
    requirePebble() ??
    (await requireDocker()) ??
    requireNginx();
  if (reason) process.stderr.write(`SKIP community-letsencrypt issuance: ${reason}\n`);
  return reason;
}
const skip = await skipReason();
const noCrontab = skip === undefined && crontabUnavailable() !== undefined;

let host: TestHost;
let nginx: TestNginx;
let pebble: Pebble;
/** The address of the namespace nginx listens in: every name resolves to it, for pebble and for curl. */
let nginxIp = "";
let pebbleRoot = "";
let cronUser: CrontabUser | undefined;

async function ok(...args: string[]) {
  const r = await host.dokku(args);
  if (r.code !== 0) throw new Error(`dokku ${args.join(" ")} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** GET / on the app's domain through the namespace nginx, https verified against pebble's root. */
async function get(scheme: "http" | "https"): Promise<{ status: number; location: string; error: string }> {
  const port = scheme === "http" ? 80 : 443;
  const r = await run([
    "curl", "-sS", "--max-time", "10", "--cacert", pebbleRoot, "--resolve", `${domain}:${port}:${nginxIp}`,
    "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", `${scheme}://${domain}/`,
  ]);
  const [status = "0", location = ""] = r.stdout.trim().split(" ");
  return { status: r.code === 0 ? Number(status) : 0, location, error: r.stderr.trim() };
}

/** `openssl x509 -noout ARGS` on the certificate nginx serves for the app. */
async function servedCert(...args: string[]): Promise<string> {
  const r = await run(["openssl", "x509", "-noout", ...args, "-in", join(host.dokkuRoot, app, "tls", "server.crt")]);
  if (r.code !== 0) throw new Error(`openssl x509: ${r.stderr}`);
  return r.stdout.trim();
}

describe.skipIf(skip !== undefined)("dokku-letsencrypt issues certificates from pebble", () => {
  beforeAll(async () => {
    await ensureTestImages();
    const sandbox = await docker([
      "run", "-d", `--label=${RUN_LABEL}=${runId}`, "--sysctl", "net.ipv6.conf.all.disable_ipv6=0",
      TEST_IMAGES.base, "sleep", "infinity",
    ]);
    if (sandbox.code !== 0) throw new Error(`docker run: ${sandbox.stderr}`);
    const inspect = await docker(["inspect", "-f", "{{.State.Pid}} {{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", sandbox.stdout.trim()]);
    const [pid, ip] = inspect.stdout.trim().split(" ");
    nginxIp = ip ?? "";

    host = await createTestHost("dokku-le-");
    host.env.DOKKU_IMAGE = TEST_IMAGES.herokuish;
    if (!noCrontab) {
      cronUser = await createCrontabUser();
      host.env.DOKKU_CRONTAB_USER = cronUser.name;
    }
    await chmod(host.root, 0o755); // nginx workers (nobody) read the webroot and error pages
    nginx = await startNginx(host.root, host.dokkuRoot, { netns: `/proc/${pid}/ns/net` });
    // The proxy keeps Dokku's 80 and 443: they are free in the namespace.
    const { DOKKU_PROXY_PORT: _p, DOKKU_PROXY_SSL_PORT: _s, ...nginxEnv } = nginx.env;
    Object.assign(host.env, nginxEnv);
    await writeFile(join(host.dokkuRoot, "VHOST"), "le.test\n");

    pebble = await startPebble(join(host.root, "pebble"), { resolveTo: nginxIp, httpPort: 80 });
    pebbleRoot = join(host.root, "pebble", "root.pem");
    await writeFile(pebbleRoot, await pebble.root());
    await writeDokkurc(host, "test-images", { LETSENCRYPT_IMAGE: "dokku-test/lego", LETSENCRYPT_IMAGE_VERSION: "4.9.1", LETSENCRYPT_DISABLE_PULL: "true" });
    await ok("plugin:install", await pluginRepoUrl(host, "dokku-letsencrypt"), "--name", "letsencrypt");
    await ok("letsencrypt:set", "--global", "email", "admin@le.test");
    await ok("letsencrypt:set", "--global", "server", pebble.directory);
    await ok("letsencrypt:set", "--global", "lego-docker-options", `--network host -e LEGO_CA_CERTIFICATES=/pebble-ca.pem -v ${pebble.caFile}:/pebble-ca.pem:ro`);

    const dir = join(host.root, "repos", app);
    await makeRepo(host, dir, { README: `${app}\n` });
    await cp(join(FIXTURE_APPS_DIR, "buildpack-procfile"), dir, { recursive: true });
    await commitFiles(host, dir, {}, "deploy");
    const pushed = await push(host, dir, app, "main");
    if (pushed.code !== 0) throw new Error(`git push failed:\n${pushed.stderr}`);
  }, 15 * 60_000);

  afterAll(async () => {
    await pebble?.[Symbol.asyncDispose]();
    await nginx?.[Symbol.asyncDispose]();
    await host?.[Symbol.asyncDispose]();
    await cronUser?.[Symbol.asyncDispose]();
    await sweepDocker(runId, app);
  });

  test("letsencrypt:enable gets a pebble certificate and https answers with it", async () => {
    expect(await get("http")).toMatchObject({ status: 200 });
    const r = await host.dokku(["letsencrypt:enable", app]);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toContain("The server validated our request"); // pebble fetched the token through nginx
    expect(r.stdout).toContain("Certificate retrieved successfully.");
    expect(await servedCert("-issuer")).toContain("Pebble");
    expect(await servedCert("-ext", "subjectAltName")).toContain(`DNS:${domain}`);
    expect(await get("https")).toMatchObject({ status: 200 });
    expect(await get("http")).toMatchObject({ status: 301, location: `https://${domain}:443/` });
  }, 600_000);

  test("letsencrypt:list shows the app with its expiry; letsencrypt:active says true; cleanup keeps the current certificate", async () => {
    const list = (await ok("letsencrypt:list")).stdout;
    expect(list).toMatch(new RegExp(`^${app}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+\\d+d`, "m"));
    expect((await ok("letsencrypt:active", app)).stdout.trim()).toBe("true");
    expect((await ok("letsencrypt:report", app, "--letsencrypt-active")).stdout.trim()).toBe("true");
    expect((await ok("letsencrypt:cleanup", app)).stdout).toContain("current config hash");
  }, 240_000);

  test("letsencrypt:auto-renew leaves a fresh certificate alone and renews one inside the grace period", async () => {
    const before = await servedCert("-serial");
    expect((await ok("letsencrypt:auto-renew", app)).stdout).toContain("left before renewal");
    expect(await servedCert("-serial")).toBe(before);
    await ok("letsencrypt:set", app, "graceperiod", String(10 * 365 * 86_400));
    const renewed = await ok("letsencrypt:auto-renew");
    expect(renewed.stdout).toContain(`${app} needs renewal`);
    expect(renewed.stdout).toContain("The server validated our request");
    expect(renewed.stdout).toContain("Certificate retrieved successfully.");
    expect(await servedCert("-serial")).not.toBe(before);
    expect(await get("https")).toMatchObject({ status: 200 });
    await ok("letsencrypt:set", app, "graceperiod");
  }, 600_000);

  // The job itself runs letsencrypt:auto-renew, as above; the cron daemon is never needed here.
  test.skipIf(noCrontab)("letsencrypt:cron-job --add puts auto-renew in the dokku user's crontab; --remove takes it out", async () => {
    expect((await ok("letsencrypt:cron-job", "--add")).stdout).toContain("Added cron job to dokku's crontab.");
    expect(await cronUser!.crontab()).toContain("\n24 6 * * * dokku letsencrypt:auto-renew &>> /var/log/dokku/letsencrypt.log\n");
    expect((await ok("letsencrypt:cron-job")).stdout).toContain("Auto-renew cron job is enabled");
    expect((await ok("letsencrypt:report", app, "--letsencrypt-autorenew")).stdout.trim()).toBe("true");
    expect((await ok("letsencrypt:cron-job", "--remove")).stdout).toContain("Removed cron job from dokku's crontab.");
    expect((await cronUser!.crontab()) ?? "").not.toContain("letsencrypt");
    expect((await ok("letsencrypt:cron-job")).stdout).toContain("Auto-renew cron job is not enabled");
  }, 240_000);

  test("letsencrypt:revoke revokes it and removes the certificate: http serves again", async () => {
    const r = await host.dokku(["letsencrypt:revoke", app]);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toContain("Certificate revoked successfully.");
    expect((await ok("letsencrypt:active", app)).stdout.trim()).toBe("false");
    expect(await get("http")).toMatchObject({ status: 200 });
  }, 600_000);

  test("letsencrypt:disable removes a certificate it issued: https goes away, http serves again", async () => {
    expect((await ok("letsencrypt:enable", app)).stdout).toContain("Certificate retrieved successfully.");
    expect(await get("https")).toMatchObject({ status: 200 });
    await ok("letsencrypt:disable", app);
    expect((await ok("letsencrypt:active", app)).stdout.trim()).toBe("false");
    expect((await get("https")).status).toBe(0);
    expect(await get("http")).toMatchObject({ status: 200 });
    expect((await ok("letsencrypt:list")).stdout).not.toContain(app);
  }, 600_000);

  test("letsencrypt:enable on an app not deployed yet serves the challenge from the plugin's temporary site", async () => {
    const fresh = `${app}-new`;
    await ok("apps:create", fresh);
    const r = await ok("letsencrypt:enable", fresh);
    expect(r.stdout).toContain("Setting temporary site");
    expect(r.stdout).toContain("The server validated our request");
    expect(r.stdout).toContain("Certificate retrieved successfully.");
    expect((await ok("letsencrypt:active", fresh)).stdout.trim()).toBe("true");
    expect(existsSync(join(host.dokkuRoot, fresh, "nginx.conf"))).toBe(false);
  }, 600_000);

  test("plugin:uninstall removes it; the app keeps serving", async () => {
    expect((await ok("plugin:uninstall", "letsencrypt")).stdout).toContain("Plugin letsencrypt uninstalled");
    expect((await host.dokku(["letsencrypt:list"])).code).not.toBe(0);
    expect(await readFile(join(host.dokkuRoot, app, "nginx.conf"), "utf8")).not.toContain("acme-challenge");
    expect(await get("http")).toMatchObject({ status: 200 });
  }, 240_000);
});
