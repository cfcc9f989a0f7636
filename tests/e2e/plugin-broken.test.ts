// An enabled plugin that cannot load (a module that throws, a malformed plugin.toml) is skipped with
// a warning: every other command keeps working, and the plugin can still be removed.
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createTestHost, type TestHost } from "../_harness/host.ts";

async function placePlugin(host: TestHost, name: string, files: Record<string, string>): Promise<string> {
  const dir = join(host.libRoot, "plugins", "available", name);
  await mkdir(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
  await mkdir(join(host.libRoot, "plugins", "enabled"), { recursive: true });
  await symlink(dir, join(host.libRoot, "plugins", "enabled", name));
  return dir;
}

describe("broken enabled plugins", () => {
  test("a module plugin that throws on import is skipped with a warning and can be uninstalled", async () => {
    await using host = await createTestHost();
    const dir = await placePlugin(host, "broken", {
      "plugin.toml": '[plugin]\ndescription = "broken"\nversion = "0.1.0"\n',
      "mod.js": 'throw new Error("boom at import");\n',
    });
    const list = await host.dokku(["apps:create", "still-works"]);
    expect(list.code).toBe(0);
    expect(list.stderr).toContain("Plugin broken failed to load");
    expect(list.stderr).toContain("boom at import");
    expect(list.stderr).toContain("plugin:disable broken");
    const removed = await host.dokku(["plugin:uninstall", "broken"]);
    expect(removed.code).toBe(0);
    expect(existsSync(dir)).toBe(false);
    expect((await host.dokku(["apps:list"])).stderr).toBe("");
  }, 60_000);

  test("a malformed plugin.toml is skipped the same way", async () => {
    await using host = await createTestHost();
    await placePlugin(host, "badtoml", { "plugin.toml": "[plugin\ndescription = \n" });
    const r = await host.dokku(["apps:list", "--format", "json"]);
    expect(r).toMatchObject({ code: 0, stdout: "[]\n" });
    expect(r.stderr).toContain("Plugin badtoml is malformed");
    expect((await host.dokku(["plugin:disable", "badtoml"])).code).toBe(0);
    expect((await host.dokku(["apps:list", "--format", "json"])).stderr).toBe("");
  }, 60_000);
});
