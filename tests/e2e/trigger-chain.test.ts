// plugn's chain semantics for executable triggers: plugin-name order, the first non-zero exit stops
// the chain and becomes the exit code, and `[plugin.config]` reaches triggers as CONFIG_<KEY>,
// overridable by <PLUGIN>_<KEY> in the environment.
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createTestHost } from "../_harness/host.ts";
import { installTriggerPlugin } from "./git-fixtures.ts";

describe("executable trigger chains", () => {
  test("plugins run in name order; the first failure stops the chain with its exit code", async () => {
    await using host = await createTestHost();
    const marker = join(host.root, "ccc-ran");
    await installTriggerPlugin(host, "bbb", { t: "echo bbb; exit 3" });
    await installTriggerPlugin(host, "aaa", { t: "echo aaa" });
    await installTriggerPlugin(host, "ccc", { t: `touch ${marker}` });
    const r = await host.dokku(["plugin:trigger", "t"]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe("aaa\nbbb\n");
    expect(existsSync(marker)).toBe(false);
  }, 60_000);

  test("CONFIG_<KEY> comes from [plugin.config], and <PLUGIN>_<KEY> in the environment overrides it", async () => {
    await using host = await createTestHost();
    await installTriggerPlugin(host, "my-plug", { t: 'echo "greeting=$CONFIG_GREETING"' }, '[plugin.config]\ngreeting = "howdy"\n');
    expect((await host.dokku(["plugin:trigger", "t"])).stdout).toBe("greeting=howdy\n");
    expect((await host.dokku(["plugin:trigger", "t"], { env: { MY_PLUG_GREETING: "hi" } })).stdout).toBe("greeting=hi\n");
  }, 60_000);

  test("--app reaches core commands as the app argument but not community module plugins", async () => {
    await using host = await createTestHost();
    const dir = join(host.libRoot, "plugins", "available", "echoer");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "plugin.toml"), '[plugin]\ndescription = "echoer"\nversion = "1"\n');
    await writeFile(
      join(dir, "mod.js"),
      'export const plugin = { name: "echoer", description: "echo", commands: [{ name: "echoer:raw", description: "raw argv", run(ctx, args, raw) { ctx.log.data(JSON.stringify(raw)); } }] };\n',
    );
    await mkdir(join(host.libRoot, "plugins", "enabled"), { recursive: true });
    await symlink(dir, join(host.libRoot, "plugins", "enabled", "echoer"));
    expect((await host.dokku(["apps:create", "web"])).code).toBe(0);
    expect((await host.dokku(["--app", "web", "echoer:raw", "x"])).stdout).toBe('["x"]\n');
    expect((await host.dokku(["--app", "web", "apps:report", "--app-dir"])).stdout).toBe(`${join(host.dokkuRoot, "web")}\n`);
  }, 60_000);
});
