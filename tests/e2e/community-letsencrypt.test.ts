// dokku-letsencrypt, unchanged, on the bash plugin API, as far as it goes without an ACME server:
// plugin:install from its git bundle (install trigger, image check skipped as .dokkurc says),
// its properties through common/property-functions (set, report, computed global values),
// letsencrypt:list and :active through dokku_apps and the app checks, plugin:uninstall.
// Issuing certificates from an ACME test server (pebble + lego): community-letsencrypt-issue.test.ts.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { bundlePath, pluginRepoUrl, writeDokkurc } from "../_harness/community.ts";
import { type TestHost, createTestHost } from "../_harness/host.ts";

const skip = bundlePath("dokku-letsencrypt") ? undefined : "no dokku-letsencrypt bundle";
if (skip) process.stderr.write(`SKIP community-letsencrypt: ${skip}\n`);

let host: TestHost;

async function ok(...args: string[]) {
  const r = await host.dokku(args);
  if (r.code !== 0) throw new Error(`dokku ${args.join(" ")} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

describe.skipIf(Boolean(skip))("dokku-letsencrypt, installed unchanged", () => {
  beforeAll(async () => {
    host = await createTestHost();
    await writeDokkurc(host, "test-images", { LETSENCRYPT_IMAGE: "dokku-test/lego", LETSENCRYPT_IMAGE_VERSION: "4.9.1", LETSENCRYPT_DISABLE_PULL: "true" });
  });
  afterAll(async () => {
    await host?.[Symbol.asyncDispose]();
  });

  test("plugin:install from the git repo runs its install trigger; its commands answer", async () => {
    const r = await host.dokku(["plugin:install", await pluginRepoUrl(host, "dokku-letsencrypt"), "--name", "letsencrypt"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Plugin letsencrypt enabled");
    expect(r.stderr).toContain("docker pull dokku-test/lego:4.9.1");
    expect((await ok("plugin:list")).stdout).toMatch(/^\s*letsencrypt\s/m);
    expect((await ok("help")).stdout).toContain("letsencrypt");
  }, 240_000);

  test("letsencrypt:set writes app and global properties that letsencrypt:report computes from", async () => {
    await ok("apps:create", "le-app");
    expect((await ok("letsencrypt:set", "le-app", "email", "admin@example.test")).stdout).toContain("Setting email to admin@example.test");
    await ok("letsencrypt:set", "--global", "server", "https://acme.example.test/dir");
    expect(existsSync(join(host.libRoot, "config", "letsencrypt", "le-app", "email"))).toBe(true);
    const report = (await ok("letsencrypt:report", "le-app")).stdout;
    expect(report).toContain("=====> le-app letsencrypt information");
    expect(report).toMatch(/Letsencrypt computed email:\s+admin@example\.test/);
    expect(report).toMatch(/Letsencrypt computed server:\s+https:\/\/acme\.example\.test\/dir/);
    expect((await ok("letsencrypt:report", "le-app", "--letsencrypt-computed-graceperiod")).stdout.trim()).toBe("2592000");
    await ok("letsencrypt:set", "le-app", "email");
    expect(existsSync(join(host.libRoot, "config", "letsencrypt", "le-app", "email"))).toBe(false);
    // The plugin's own answer for a flag whose value is empty.
    const unset = await host.dokku(["letsencrypt:report", "le-app", "--letsencrypt-email"]);
    expect(unset.code).not.toBe(0);
    expect(unset.stderr).toContain("not deployed");
  }, 240_000);

  test("letsencrypt:list and :active: an app without a certificate is listed as inactive; a missing app fails", async () => {
    expect((await ok("letsencrypt:list")).stdout).toContain("App name");
    expect((await ok("letsencrypt:active", "le-app")).stdout.trim()).toBe("false");
    const missing = await host.dokku(["letsencrypt:active", "no-such-app"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("App no-such-app does not exist");
  }, 240_000);

  test("plugin:uninstall removes it", async () => {
    expect((await ok("plugin:uninstall", "letsencrypt")).stdout).toContain("Plugin letsencrypt uninstalled");
    expect((await ok("plugin:list")).stdout).not.toMatch(/^\s*letsencrypt\s/m);
    expect(existsSync(join(host.libRoot, "plugins", "available", "letsencrypt"))).toBe(false);
    expect((await host.dokku(["letsencrypt:list"])).code).not.toBe(0);
  }, 240_000);
});
