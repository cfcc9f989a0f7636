import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createTestHost, type TestHost } from "../_harness/host.ts";
import { bashPlugin, gitRepo, tarGz, tsPlugin, validPluginMembers, type TarMember } from "./plugin-fixtures.ts";

let host: TestHost;
const dokku = (...args: string[]) => host.dokku(args);
const pluginsDir = () => join(host.libRoot, "plugins");
const list = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);

/** Nothing half-installed: available/ and enabled/ empty, no staging dirs left. */
function expectNothingInstalled(): void {
  expect(list(join(pluginsDir(), "available"))).toEqual([]);
  expect(list(join(pluginsDir(), "enabled"))).toEqual([]);
  expect(list(pluginsDir()).filter((name) => name.startsWith("."))).toEqual([]);
}

beforeAll(async () => {
  host = await createTestHost("dokku-plugin-refusals-");
});

afterAll(() => host[Symbol.asyncDispose]());

describe("plugin:install refuses bad input and leaves nothing behind", () => {
  test("an unsupported url gets Dokku's three warnings", async () => {
    const r = await dokku("plugin:install", "ftp://example.invalid/plugin");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(" !     First argument must be --core or url to plugin");
    expect(r.stderr).toContain(" !     Valid prefixes: https:, git:, ssh:, file:");
    expect(r.stderr).toContain(" !     Valid suffixes: .tar.gz, .tgz");
    expectNothingInstalled();
  });

  test("a bare word gets the warnings and Dokku's closing line", async () => {
    const r = await dokku("plugin:install", "YABBA_DABBA_DOO");
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr:
        " !     First argument must be --core or url to plugin\n !     Valid prefixes: https:, git:, ssh:, file:\n" +
        " !     Valid suffixes: .tar.gz, .tgz\n !     Please retry with valid arguments\n",
    });
    expectNothingInstalled();
  });

  test("plugin:list with an unknown --format", async () => {
    expect(await dokku("plugin:list", "--format", "nonsense")).toEqual({
      code: 1,
      stdout: "",
      stderr: " !     Invalid output format specified, supported formats: json, stdout\n",
    });
  });

  test("a repository without plugin.toml", async () => {
    const { "plugin.toml": _, ...files } = bashPlugin();
    const repo = await gitRepo(join(host.root, "src", "no-manifest"), files);
    const r = await dokku("plugin:install", `file://${repo}`);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("plugin.toml is missing");
    expectNothingInstalled();
  });

  test("a malformed plugin.toml", async () => {
    const repo = await gitRepo(join(host.root, "src", "bad-manifest"), { ...bashPlugin(), "plugin.toml": "[plugin\nversion = \n" });
    const r = await dokku("plugin:install", repo);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("invalid plugin.toml");
    expectNothingInstalled();
  });

  test("an install trigger that exits 1 undoes the install", async () => {
    const repo = await gitRepo(join(host.root, "src", "failing-install"), bashPlugin('echo "about to fail"\nexit 1\n'));
    const r = await dokku("plugin:install", repo);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toContain("about to fail");
    expect(r.stderr).toContain("Plugin failing-install was not installed");
    expectNothingInstalled();
  });

  test("a module plugin whose mod.ts does not load", async () => {
    const repo = await gitRepo(join(host.root, "src", "broken-module"), { ...tsPlugin(), "mod.ts": "export const plugin = { name: 42 };\n" });
    const r = await dokku("plugin:install", repo);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Plugin broken-module was not installed");
    expectNothingInstalled();
    expect((await dokku("apps:list")).code).toBe(0);
  });

  test("names that collide with core plugins or are not names", async () => {
    const repo = await gitRepo(join(host.root, "src", "dokku-apps"), bashPlugin());
    const core = await dokku("plugin:install", `file://${repo}`);
    expect(core.code).toBe(1);
    expect(core.stderr).toContain("Cannot install plugin apps: a core plugin has that name");
    expect((await dokku("plugin:install", repo, "--name", "trace")).stderr).toContain("a core plugin has that name");
    expect((await dokku("plugin:install", repo, "--name", "nginx-vhosts")).code).toBe(1);
    const bad = await dokku("plugin:install", repo, "--name", "../evil");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("Invalid plugin name");
    expectNothingInstalled();
  });

  test("the same name from a different origin", async () => {
    const first = await gitRepo(join(host.root, "src", "one", "dokku-twin"), bashPlugin());
    const second = await gitRepo(join(host.root, "src", "two", "dokku-twin"), bashPlugin());
    expect((await dokku("plugin:install", first)).code).toBe(0);
    const r = await dokku("plugin:install", second);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Plugin twin is already installed from ${first}`);
    expect((await dokku("plugin:uninstall", "twin")).code).toBe(0);
    expectNothingInstalled();
  });
});

describe("plugin archives that reach outside are refused before extraction", () => {
  const cases: [string, (root: string) => TarMember[], string][] = [
    ["a ../ entry", () => [{ name: "p/../../../../../escaped-dotdot", body: "x" }], "contains '..'"],
    ["an absolute path", (root) => [{ name: `${root}/escaped-abs`, body: "x" }], "absolute path"],
    ["a symlink out, then a file through it", () => [{ name: "p/out", type: "2", link: "../../../../.." }, { name: "p/out/escaped-link", body: "x" }], "pointing outside"],
    ["an absolute symlink", () => [{ name: "p/etc", type: "2", link: "/etc" }], "symlink to an absolute path"],
    ["a hard link out", () => [{ name: "p/hard", type: "1", link: "../../../etc/passwd" }], "hard link out"],
    ["a character device", () => [{ name: "p/null", type: "3" }], "device"],
    ["a fifo", () => [{ name: "p/fifo", type: "6" }], "device, fifo"],
  ];
  for (const [label, members, message] of cases) {
    test(label, async () => {
      const file = join(host.root, `bad-${label.replace(/\W+/g, "-")}.tar.gz`);
      await writeFile(file, tarGz([...validPluginMembers("p"), ...members(host.root)]));
      const r = await dokku("plugin:install", file, "--name", "evil");
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("Refusing plugin archive");
      expect(r.stderr).toContain(message);
      expectNothingInstalled();
      for (const name of ["escaped-dotdot", "escaped-abs", "escaped-link"]) expect(existsSync(join(host.root, name))).toBe(false);
    });
  }

  test("a well-formed hand-made archive installs", async () => {
    const file = join(host.root, "good.tar.gz");
    await writeFile(file, tarGz([...validPluginMembers("p"), { name: "p/link", type: "2", link: "plugin.toml" }]));
    const r = await dokku("plugin:install", file);
    expect(r.stderr).toBe("");
    expect((await dokku("plugin:list")).stdout).toContain("  good                 0.0.1 enabled    archive plugin\n");
    expect((await dokku("plugin:uninstall", "good")).code).toBe(0);
  });
});

describe("core plugins cannot be managed", () => {
  test("disable, uninstall, enable", async () => {
    expect((await dokku("plugin:disable", "apps")).stderr).toContain("Cannot disable a core plugin");
    expect((await dokku("plugin:uninstall", "apps")).stderr).toContain("Cannot uninstall a core plugin");
    expect((await dokku("plugin:enable", "apps")).stderr).toContain("Plugin already enabled");
    expect((await dokku("plugin:enable", "nothere")).stderr).toContain("Plugin does not exist");
    expect((await dokku("plugin:installed", "apps")).code).toBe(0);
  });
});
