// plugin.toml is the plugin author's text: it never reaches the terminal raw, its [plugin.config]
// keys must be variable names and its values NUL-free, and an update to a broken one is undone.
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createTestHost, run, type TestHost } from "../_harness/host.ts";
import { type FixtureFiles, commitAll, git, gitRepo, writeFiles } from "./plugin-fixtures.ts";

setDefaultTimeout(120_000);

const exec = (text: string) => ({ text, exec: true }) as const;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** An executable plugin whose `show-config` trigger prints its CONFIG_* variables. */
function configPlugin(toml: string): FixtureFiles {
  return {
    "plugin.toml": toml,
    "show-config": exec('#!/usr/bin/env bash\nenv | grep "^CONFIG_" | sort\necho "trigger ran"\n'),
    commands: exec('#!/usr/bin/env bash\ncase "$1" in\n  help) echo "    cfg, $(printf \'Config \\033[31mred\\033[0m plugin\')" ;;\n  *) exit 10 ;;\nesac\n'),
  };
}

/** Puts a plugin straight into available/ and enabled/, as an older release or a hand edit would. */
async function placePlugin(host: TestHost, name: string, files: FixtureFiles): Promise<string> {
  const dir = join(host.libRoot, "plugins", "available", name);
  await writeFiles(dir, files);
  await mkdir(join(host.libRoot, "plugins", "enabled"), { recursive: true });
  await symlink(dir, join(host.libRoot, "plugins", "enabled", name));
  return dir;
}

const FORGING = '[plugin]\nversion = "1.0\\n !     forged line"\ndescription = "\\u001b[2J\\u001b[31mred\\u009b1m text\\r\\ttab"\n';

describe("control characters in plugin.toml never reach the terminal", () => {
  test.concurrent("plugin:list, help and plugin:help print them stripped", async () => {
    await using host = await createTestHost();
    await placePlugin(host, "cfg", configPlugin(FORGING));
    const list = await host.dokku(["plugin:list"]);
    expect(list).toMatchObject({ code: 0, stderr: "" });
    expect(list.stdout).not.toMatch(CONTROL);
    expect(list.stdout).not.toMatch(/^ !/m);
    const row = list.stdout.split("\n").find((line) => line.startsWith("  cfg "));
    expect(row).toBe("  cfg                  1.0  !     forged line enabled    [2J[31mred1m text  tab");
    const json = JSON.parse((await host.dokku(["plugin:list", "--format", "json"])).stdout);
    expect(json).toContainEqual({ name: "cfg", version: "1.0  !     forged line", enabled: true, core: false, description: "[2J[31mred1m text  tab" });
    const help = await host.dokku(["help"]);
    expect(help.stdout).not.toMatch(CONTROL);
    expect(help.stdout).toMatch(/^ {4}cfg +Config \[31mred\[0m plugin$/m);
  });

  test.concurrent("a plugin name with an escape sequence is listed without it", async () => {
    await using host = await createTestHost();
    await placePlugin(host, "evil\u001b[31m", { "plugin.toml": '[plugin]\nversion = "1"\ndescription = "d"\n' });
    const list = await host.dokku(["plugin:list"]);
    expect(list.stdout).not.toMatch(CONTROL);
    expect(list.stdout).toContain("  evil[31m ");
  });
});

describe("[plugin.config]", () => {
  const toml = '[plugin]\nversion = "1"\ndescription = "cfg"\n[plugin.config]\ngood = "yes"\n"A=B" = "1"\n"x y" = "2"\nnul = "a\\u0000b"\n';

  test.concurrent("keys that are not variable names and values with NUL are left out with a warning", async () => {
    await using host = await createTestHost();
    await placePlugin(host, "cfg", configPlugin(toml));
    const r = await host.dokku(["plugin:trigger", "show-config"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("CONFIG_GOOD=yes\ntrigger ran\n");
    expect(r.stderr).toContain(' !     Plugin cfg: [plugin.config] key "A=B" is not a valid variable name');
    expect(r.stderr).toContain(' !     Plugin cfg: [plugin.config] key "x y" is not a valid variable name');
    expect(r.stderr).toContain(" !     Plugin cfg: [plugin.config] value of nul contains a NUL byte (ignored)");
  });

  test.concurrent("plugin:install refuses them and installs nothing", async () => {
    await using host = await createTestHost();
    for (const [n, bad] of [
      [1, '"A=B" = "1"'],
      [2, 'nul = "a\\u0000b"'],
    ] as const) {
      const repo = await gitRepo(join(host.root, `src${n}`, "cfg"), configPlugin(`[plugin]\nversion = "1"\n[plugin.config]\n${bad}\n`));
      const r = await host.dokku(["plugin:install", repo]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(" !     Plugin cfg has an invalid plugin.toml: [plugin.config] ");
      expect(existsSync(join(host.libRoot, "plugins", "available", "cfg"))).toBe(false);
      expect(existsSync(join(host.libRoot, "plugins", "enabled", "cfg"))).toBe(false);
    }
  });
});

describe("plugin:update to a commit whose plugin.toml does not load", () => {
  async function installed(host: TestHost): Promise<{ repo: string; dir: string; head: () => Promise<string> }> {
    const repo = await gitRepo(join(host.root, "src", "cfg"), configPlugin('[plugin]\nversion = "1"\ndescription = "cfg"\n[plugin.config]\ngood = "v1"\n'));
    expect((await host.dokku(["plugin:install", repo])).code).toBe(0);
    const dir = join(host.libRoot, "plugins", "available", "cfg");
    const head = async () => (await run(["git", "-C", dir, "rev-parse", "HEAD"])).stdout.trim();
    return { repo, dir, head };
  }

  test.concurrent("pulling a broken branch head keeps the previous commit and fails", async () => {
    await using host = await createTestHost();
    const { repo, head } = await installed(host);
    const before = await head();
    await writeFile(join(repo, "plugin.toml"), "[plugin\nversion = \n");
    await commitAll(repo, "broken");
    const r = await host.dokku(["plugin:update", "cfg"]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain("updated");
    expect(r.stderr).toStartWith(` !     Unable to update plugin cfg (kept ${before.slice(0, 12)}): `);
    expect(await head()).toBe(before);
    const after = await host.dokku(["plugin:trigger", "show-config"]);
    expect(after).toEqual({ code: 0, stdout: "CONFIG_GOOD=v1\ntrigger ran\n", stderr: "" });
  });

  test.concurrent("pinning to a tag with bad [plugin.config] keys keeps the previous commit and pin", async () => {
    await using host = await createTestHost();
    const { repo, dir, head } = await installed(host);
    const before = await head();
    await writeFile(join(repo, "plugin.toml"), '[plugin]\nversion = "2"\n[plugin.config]\n"A=B" = "1"\n');
    await commitAll(repo, "bad key");
    await git(["-C", repo, "tag", "v2"]);
    const r = await host.dokku(["plugin:update", "cfg", "v2"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Unable to update plugin cfg (kept ${before.slice(0, 12)}): invalid plugin.toml: [plugin.config] key "A=B"`);
    expect(await head()).toBe(before);
    expect(existsSync(join(dir, ".plugin_committish"))).toBe(false);
    expect((await run(["git", "-C", dir, "symbolic-ref", "-q", "--short", "HEAD"])).code).toBe(0);
    expect(readFileSync(join(dir, "plugin.toml"), "utf8")).toContain('good = "v1"');
    expect((await host.dokku(["plugin:list"])).stdout).toContain("  cfg                  1     enabled    cfg\n");
  });
});
