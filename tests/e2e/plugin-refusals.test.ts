import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { createTestHost, type TestHost } from "../_harness/host.ts";
import { makeTar, makeTarGz, paxBody, tarBlocks, type TarMember } from "../_harness/archives.ts";
import { bashPlugin, gitRepo, tsPlugin, validPluginMembers } from "./plugin-fixtures.ts";

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
  const escapes = ["escaped-dotdot", "escaped-abs", "escaped-link", "escaped-hidden"];
  /** Entries a pax or GNU header hides from a reader that does not honour it. */
  const hidden = (root: string): TarMember[] => [
    { name: "p/abs", type: "2", linkname: `${root}/escaped-hidden` },
    { name: "p/up", type: "2", linkname: "../../../../../escaped-hidden" },
  ];
  const cases: [string, (root: string) => TarMember[], string][] = [
    ["a ../ entry", () => [{ name: "p/../../../../../escaped-dotdot", data: "x" }], "Archive contains entries with parent directory traversal"],
    ["an absolute path", (root) => [{ name: `${root}/escaped-abs`, data: "x" }], "Archive contains entries with absolute paths"],
    ["a symlink out, then a file through it", () => [{ name: "p/out", type: "2", linkname: "../../../../.." }, { name: "p/out/escaped-link", data: "x" }], "Archive contains symlinks pointing outside extraction directory"],
    ["an absolute symlink", () => [{ name: "p/etc", type: "2", linkname: "/etc" }], "Archive contains symlinks with absolute targets"],
    ["a hard link out", () => [{ name: "p/hard", type: "1", linkname: "../../../etc/passwd" }], "Archive contains entries with parent directory traversal"],
    ["a hard link to a file the archive does not hold", () => [{ name: "p/hard", type: "1", linkname: "etc/passwd" }], "Archive contains hard links to files outside the archive"],
    ["a character device", () => [{ name: "p/null", type: "3" }], "Archive contains device files or other special entries"],
    ["a fifo", () => [{ name: "p/fifo", type: "6" }], "Archive contains device files or other special entries"],
    // A reader that ignores the pax size skips the "data" of p/readme; GNU tar reads entries there.
    ["entries hidden behind a pax size=0", (root) => [{ name: "p/readme", pax: { size: "0" }, data: tarBlocks(hidden(root)) }], "Archive contains symlinks with absolute targets"],
    ["a device node hidden behind a pax size=0", () => [{ name: "p/readme", pax: { size: "0" }, data: tarBlocks([{ name: "p/null", type: "3" }]) }], "Archive contains device files or other special entries"],
    ["entries hidden behind a global pax size=0", (root) => [{ name: "pax_global_header", type: "g", data: paxBody({ size: "0" }) }, { name: "p/readme", data: tarBlocks(hidden(root)) }], "Archive contains symlinks with absolute targets"],
    ["a symlink out named by a GNU long link", () => [{ name: "././@LongLink", type: "K", data: "../../../../../escaped-hidden\0" }, { name: "p/l", type: "2", linkname: "harmless" }], "Archive contains symlinks pointing outside extraction directory"],
    ["a ../ entry named by a pax path", () => [{ name: "p/innocent", pax: { path: "p/../../../../../escaped-dotdot" }, data: "x" }], "Archive contains entries with parent directory traversal"],
    ["a symlink, then a file with the same name", () => [{ name: "p/same", type: "2", linkname: "plugin.toml" }, { name: "p/same", data: "x" }], "Archive contains duplicate entries"],
    ["a 300-character name", () => [{ name: `p/${"n".repeat(300)}`, pax: { path: `p/${"n".repeat(300)}` }, data: "x" }], "Archive contains entries with names that are too long"],
    ["a sparse file", () => [{ name: "p/sparse", type: "S", data: "x" }], "Archive uses tar features that are not supported"],
    ["a header with a bad checksum", () => [{ name: "p/bad", data: "x", badChecksum: true }], "Archive is not a valid tar file (header checksum mismatch)"],
  ];
  for (const [label, members, message] of cases) {
    test(label, async () => {
      const file = join(host.root, `bad-${label.replace(/\W+/g, "-")}.tar.gz`);
      await writeFile(file, makeTarGz([...validPluginMembers("p"), ...members(host.root)]));
      const r = await dokku("plugin:install", file, "--name", "evil");
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(` !     Refusing plugin archive: ${message}`);
      expect(r.stderr).not.toContain("Unexpected error");
      expectNothingInstalled();
      for (const name of escapes) expect(existsSync(join(host.root, name))).toBe(false);
    });
  }

  test("a truncated archive", async () => {
    const whole = makeTar([...validPluginMembers("p"), { name: "p/big", data: "x".repeat(4000) }]);
    const file = join(host.root, "truncated.tar.gz");
    await writeFile(file, gzipSync(whole.subarray(0, 2048)));
    const r = await dokku("plugin:install", file, "--name", "evil");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(" !     Refusing plugin archive: Archive is not a valid tar file (truncated archive)");
    expectNothingInstalled();
  });

  test("a well-formed hand-made archive installs", async () => {
    const file = join(host.root, "good.tar.gz");
    await writeFile(file, makeTarGz([...validPluginMembers("p"), { name: "p/link", type: "2", linkname: "plugin.toml" }]));
    const r = await dokku("plugin:install", file);
    expect(r.stderr).toBe("");
    expect((await dokku("plugin:list")).stdout).toContain("  good                 0.0.1 enabled    archive plugin\n");
    expect((await dokku("plugin:uninstall", "good")).code).toBe(0);
  });
});

describe("plugin tarballs over http", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/dokku-web.tar.gz") return void res.end(makeTarGz([...validPluginMembers("web-main")]));
      if (req.url === "/dokku-evil.tar.gz") return void res.end(makeTarGz([...validPluginMembers("p"), { name: "p/readme", pax: { size: "0" }, data: tarBlocks([{ name: "p/l", type: "2", linkname: "/etc" }]) }]));
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  test("a download installs; a missing one and a hostile one are refused with one line", async () => {
    expect((await dokku("plugin:install", `${base}/dokku-web.tar.gz`)).code).toBe(0);
    expect((await dokku("plugin:list")).stdout).toContain("  web                  0.0.1 enabled    archive plugin\n");
    expect((await dokku("plugin:uninstall", "web")).code).toBe(0);
    const missing = await dokku("plugin:install", `${base}/dokku-gone.tar.gz`);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(` !     Unable to download plugin archive ${base}/dokku-gone.tar.gz: HTTP 404\n`);
    const evil = await dokku("plugin:install", `${base}/dokku-evil.tar.gz`);
    expect(evil.code).toBe(1);
    expect(evil.stderr).toBe(' !     Refusing plugin archive: Archive contains symlinks with absolute targets ("p/l")\n');
    expectNothingInstalled();
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
