// Declared triggers check their arguments before any implementation runs (trigger-catalog.ts):
// an app name that climbs out of DOKKU_ROOT never reaches a core handler that builds paths from it.
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import { createTestHost } from "../_harness/host.ts";

describe("trigger arguments", () => {
  test("plugin:trigger post-create ../../x is refused and creates nothing outside DOKKU_ROOT", async () => {
    await using host = await createTestHost();
    // Unique, so a run of an unfixed binary leaves nothing that a later run would trip over.
    const name = `escaped-${basename(host.root)}`;
    const r = await host.dokku(["plugin:trigger", "post-create", `../../${name}`]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("App name must begin with lowercase alphanumeric character");
    expect(existsSync(join(host.dokkuRoot, "../..", name))).toBe(false);
    expect(existsSync(join(host.libRoot, "../..", name))).toBe(false);
  }, 60_000);

  test("a missing required argument names the declaration", async () => {
    await using host = await createTestHost();
    const r = await host.dokku(["plugin:trigger", "post-app-rename-setup", "old"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("Trigger post-app-rename-setup expects OLD_APP NEW_APP: missing NEW_APP");
  }, 60_000);

  test("post-domains-update APP with no ACTION (dokku-letsencrypt's disable fires it so) is accepted", async () => {
    await using host = await createTestHost();
    expect((await host.dokku(["apps:create", "web"])).code).toBe(0);
    const r = await host.dokku(["plugin:trigger", "post-domains-update", "web"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  }, 60_000);

  test("a valid app still reaches every handler", async () => {
    await using host = await createTestHost();
    expect((await host.dokku(["plugin:trigger", "post-create", "web"])).code).toBe(0);
    expect(existsSync(join(host.dokkuRoot, "web", "hooks", "pre-receive"))).toBe(true);
  }, 60_000);
});
