// On-disk compatibility (Dokku 0.38 files, pre-0.38 migration), app lifecycle, triggers, restart.
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createTestHost } from "../_harness/host.ts";
import { writeFiles } from "./plugin-fixtures.ts";

describe("state written by Dokku 0.38", () => {
  test("hand-written ENV files (bare integers, escapes, export lines) read correctly", async () => {
    await using host = await createTestHost();
    await host.dokku(["apps:create", "web"]);
    await mkdir(join(host.libRoot, "config", "--global"), { recursive: true });
    // Exactly what Dokku 0.38's godotenv writer produces: sorted, ints bare, `\$ \! \` \" \\ \n` escapes.
    await writeFile(join(host.libRoot, "config", "--global", "ENV"), 'CURL_TIMEOUT=600\nG="global \\$HOME"\n', { mode: 0o600 });
    const appEnv = [
      "A=7",
      'B="it\'s \\"quoted\\" \\$(id) \\`id\\` \\!bang \\\\ end"',
      'C="line1\\nline2"',
      "NEG=-5",
      'URL="postgres://u:p@h:5432/db?x=y"',
      "",
    ].join("\n");
    await writeFile(join(host.libRoot, "config", "web", "ENV"), appEnv, { mode: 0o600 });
    const json = await host.dokku(["config:export", "--format", "json", "--merged", "web"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      A: "7",
      B: 'it\'s "quoted" $(id) `id` !bang \\ end',
      C: "line1\nline2",
      CURL_TIMEOUT: "600",
      G: "global $HOME",
      NEG: "-5",
      URL: "postgres://u:p@h:5432/db?x=y",
    });
    expect((await host.dokku(["config:get", "web", "A"])).stdout).toBe("7\n");
    expect(await readFile(join(host.libRoot, "config", "web", "ENV"), "utf8")).toBe(appEnv); // a read never rewrites
    await host.dokku(["config:set", "--no-restart", "web", "D=new"]);
    expect((await host.dokku(["config:get", "web", "B"])).stdout).toBe('it\'s "quoted" $(id) `id` !bang \\ end\n');
  });

  test("invalid keys found on disk are deleted with Dokku's message", async () => {
    await using host = await createTestHost();
    await host.dokku(["apps:create", "web"]);
    await writeFile(join(host.libRoot, "config", "web", "ENV"), "export --invalid-key=TESTING\nexport valid_key=value\n");
    const keys = await host.dokku(["config:keys", "web"]);
    // On stderr (Dokku prints it on stdout): stdout is data here.
    expect(keys).toEqual({ code: 0, stdout: "valid_key\n", stderr: "-----> Deleting invalid key --invalid-key from config for web\n" });
    expect(await readFile(join(host.libRoot, "config", "web", "ENV"), "utf8")).toBe('valid_key="value"\n');
  });

  test("pre-0.38 DOKKU_ROOT/ENV and DOKKU_ROOT/APP/ENV are migrated on first read", async () => {
    await using host = await createTestHost();
    await host.dokku(["apps:create", "web"]);
    await writeFile(join(host.dokkuRoot, "ENV"), "export OLD_GLOBAL='g'\n");
    await writeFile(join(host.dokkuRoot, "web", "ENV"), "export OLD_APP='a b'\nexport SHARED='legacy'\n");
    const json = await host.dokku(["config:export", "--format", "json", "--merged", "web"]);
    expect(JSON.parse(json.stdout)).toEqual({ OLD_GLOBAL: "g", OLD_APP: "a b", SHARED: "legacy" });
    expect(existsSync(join(host.dokkuRoot, "ENV"))).toBe(false);
    expect(existsSync(join(host.dokkuRoot, "web", "ENV"))).toBe(false);
    expect(await readFile(join(host.libRoot, "config", "config", "web", "env-migrated"), "utf8")).toBe("true");
    expect(await readFile(join(host.libRoot, "config", "config", "--global", "env-migrated"), "utf8")).toBe("true");
  });
});

describe("app lifecycle", () => {
  test("clone copies, rename moves, destroy removes only the ENV file", async () => {
    await using host = await createTestHost();
    await host.dokku(["apps:create", "web"]);
    await host.dokku(["config:set", "--no-restart", "web", "A=1"]);
    expect((await host.dokku(["apps:clone", "--skip-deploy", "web", "copy"])).code).toBe(0);
    expect((await host.dokku(["config:get", "copy", "A"])).stdout).toBe("1\n");
    expect((await host.dokku(["apps:rename", "--skip-deploy", "web", "moved"])).code).toBe(0);
    expect((await host.dokku(["config:get", "moved", "A"])).stdout).toBe("1\n");
    expect(existsSync(join(host.libRoot, "config", "web"))).toBe(false);

    // An app named like a plugin (`apps`) shares LIB/config/apps with that plugin's properties.
    await host.dokku(["apps:create", "apps"]);
    await host.dokku(["config:set", "--no-restart", "apps", "A=1"]);
    await host.dokku(["apps:set", "--global", "disable-autocreation", "true"]);
    expect((await host.dokku(["apps:destroy", "--force", "apps"])).code).toBe(0);
    expect(existsSync(join(host.libRoot, "config", "apps", "ENV"))).toBe(false);
    expect(await readFile(join(host.libRoot, "config", "apps", "--global", "disable-autocreation"), "utf8")).toBe("true");
  });
});

/** An executable plugin that records post-config-update / app-restart; `deployed` marks app web deployed. */
async function installRecorder(host: Awaited<ReturnType<typeof createTestHost>>, deployed: boolean): Promise<string> {
  const log = join(host.root, "triggers.log");
  const dir = join(host.libRoot, "plugins", "available", "recorder");
  const script = (body: string) => ({ text: `#!/usr/bin/env bash\n${body}\n`, exec: true }) as const;
  await writeFiles(dir, {
    "plugin.toml": '[plugin]\ndescription = "records config triggers"\nversion = "0.0.1"\n',
    "post-config-update": script(`echo "post-config-update $*" >> "${log}"`),
    "app-restart": script(`echo "app-restart $*" >> "${log}"\necho "restarting $1"`),
  });
  // The ps plugin answers ps-get-property from Dokku's `common deployed` property.
  if (deployed) await writeFiles(join(host.libRoot, "config", "common", "web"), { deployed: "true" });
  await mkdir(join(host.libRoot, "plugins", "enabled"), { recursive: true });
  await symlink(dir, join(host.libRoot, "plugins", "enabled", "recorder"));
  return log;
}

describe("triggers after a change", () => {
  test("post-config-update fires; a deployed app restarts unless --no-restart; global never restarts", async () => {
    await using host = await createTestHost();
    await host.dokku(["apps:create", "web"]);
    const log = await installRecorder(host, true);
    // The restart itself is the scheduler's: the null scheduler keeps this about the triggers.
    await host.dokku(["scheduler:set", "web", "selected", "null"]);
    const set = await host.dokku(["config:set", "web", "A=1", "B=2"]);
    expect(set).toEqual({ code: 0, stdout: "-----> Setting config vars\n       A:  1\n       B:  2\n-----> Restarting app web\nrestarting web\n", stderr: "" });
    await host.dokku(["config:set", "--no-restart", "web", "C=3"]);
    await host.dokku(["config:unset", "web", "A", "NOPE"]);
    await host.dokku(["config:unset", "web", "NOPE"]); // nothing changed: no trigger, no restart
    await host.dokku(["config:clear", "--no-restart", "web"]);
    await host.dokku(["config:set", "--global", "G=1"]);
    expect((await readFile(log, "utf8")).split("\n").filter(Boolean)).toEqual([
      "post-config-update web set A B",
      "app-restart web",
      "post-config-update web set C",
      "post-config-update web unset A NOPE",
      "app-restart web",
      "post-config-update web clear",
      "post-config-update --global set G",
    ]);
    expect(existsSync(join(host.libRoot, "data", "apps", "web", ".deploy.lock"))).toBe(false); // released
  });

  test("an app that is not deployed is not restarted", async () => {
    await using host = await createTestHost();
    await host.dokku(["apps:create", "web"]);
    const log = await installRecorder(host, false);
    const set = await host.dokku(["config:set", "web", "A=1"]);
    expect(set.stdout).not.toContain("Restarting");
    expect(await readFile(log, "utf8")).toBe("post-config-update web set A\n");
  });
});
