import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, lstatSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { createTestHost, run, type TestHost } from "../_harness/host.ts";
import { bashPlugin, commitAll, git, gitRepo, tsPlugin, writeFiles } from "./plugin-fixtures.ts";

let host: TestHost;
let markers: string;
let bashRepo: string;
let tsRepo: string;

const dokku = (...args: string[]) => host.dokku(args, { env: { MARKER_DIR: markers } });
const available = (name: string) => join(host.libRoot, "plugins", "available", name);
const enabled = (name: string) => join(host.libRoot, "plugins", "enabled", name);
const marker = (name: string) => readFileSync(join(markers, name), "utf8").trim();

beforeAll(async () => {
  host = await createTestHost("dokku-plugin-e2e-");
  markers = join(host.root, "markers");
  await mkdir(markers);
  bashRepo = await gitRepo(join(host.root, "src", "dokku-hello"), bashPlugin());
  tsRepo = await gitRepo(join(host.root, "src", "tshello.git"), tsPlugin());
});

afterAll(() => host[Symbol.asyncDispose]());

describe("executable plugin from a file:// git url", () => {
  test("installs, runs its install trigger and enables it", async () => {
    const r = await dokku("plugin:install", `file://${bashRepo}`);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`-----> Cloning plugin repo file://${bashRepo} to ${available("hello")}`);
    expect(r.stdout).toContain("bash plugin installed");
    expect(r.stdout).toContain("-----> Plugin hello enabled");
    expect(lstatSync(enabled("hello")).isSymbolicLink()).toBe(true);
  });

  test("commands, subcommands and unknown commands", async () => {
    expect((await dokku("hello:world")).stdout).toBe("hello world from bash\n");
    expect((await dokku("hello")).stdout).toBe("hello default: hello\n");
    expect((await dokku("hello:greet", "bob")).stdout).toBe("greetings, bob\n");
    const unknown = await dokku("hello:nope");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("`hello:nope` is not a dokku command.");
  });

  test("post-create fires on apps:create with its plugin.toml config", async () => {
    const r = await dokku("apps:create", "app1");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("bash post-create app1 howdy");
    expect(marker("bash-post-create")).toBe("app1");
  });

  test("appears in plugin:list, plugin:installed and dokku help", async () => {
    const list = await dokku("plugin:list");
    expect(list.stdout).toContain("  hello                1.2.3 enabled    hello from bash\n");
    expect(list.stdout).toMatch(/^ {2}plugin {15}\S+ enabled {4}Manage installed plugins$/m);
    const json = JSON.parse((await dokku("plugin:list", "--format", "json")).stdout);
    expect(json).toContainEqual({ name: "hello", version: "1.2.3", enabled: true, core: false, description: "hello from bash" });
    expect((await dokku("plugin:installed", "hello")).code).toBe(0);
    expect((await dokku("plugin:installed", "nothere")).code).toBe(1);
    const help = await host.dokku(["help"], { env: { DOKKU_FORCE_TTY: "true" } });
    expect(help.stdout).toContain("Community plugin commands:");
    expect(help.stdout).toMatch(/^ {4}hello\s+Says hello from bash$/m);
  });

  test("a second install from the same origin is a no-op", async () => {
    const r = await dokku("plugin:install", `file://${bashRepo}`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Plugin hello already installed");
  });

  test("plugin:trigger runs any trigger and passes its exit code on", async () => {
    expect((await dokku("plugin:trigger", "post-create", "other")).stdout).toContain("bash post-create other howdy");
    const failed = await dokku("plugin:trigger", "fail-with", "7");
    expect(failed.code).toBe(7);
    expect(failed.stdout).toContain("failing with 7");
    expect((await dokku("plugin:install")).stdout).toContain("bash plugin installed");
    expect((await dokku("plugin:install", "--core")).code).toBe(0);
    expect((await dokku("plugin:install-dependencies")).code).toBe(0);
  });

  test("disable hides its commands, enable restores them", async () => {
    expect((await dokku("plugin:disable", "hello")).stdout).toContain("-----> Plugin hello disabled");
    expect(existsSync(enabled("hello"))).toBe(false);
    expect((await dokku("hello:world")).code).toBe(1);
    expect((await dokku("plugin:list")).stdout).toContain("  hello                1.2.3 disabled   hello from bash\n");
    expect((await dokku("plugin:disable", "hello")).stderr).toContain("Plugin already disabled");
    expect((await dokku("plugin:enable", "hello")).stdout).toContain("-----> Plugin hello enabled");
    expect((await dokku("plugin:enable", "hello")).stderr).toContain("Plugin already enabled");
    expect((await dokku("hello:world")).stdout).toBe("hello world from bash\n");
  });

  test("plugin:update pulls new commits, pins a committish and stays pinned", async () => {
    await git(["-C", bashRepo, "tag", "v1"]);
    await writeFiles(bashRepo, { "subcommands/new": { text: '#!/usr/bin/env bash\necho "new subcommand"\n', exec: true } });
    await commitAll(bashRepo, "add new");
    const updated = await dokku("plugin:update", "hello");
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain("Plugin (hello) updated");
    expect((await dokku("hello:new")).stdout).toBe("new subcommand\n");
    const pinned = await dokku("plugin:update", "hello", "v1");
    expect(pinned.stdout).toContain("Plugin (hello) updated and pinned to v1");
    expect(readFileSync(join(available("hello"), ".plugin_committish"), "utf8")).toBe("v1\n");
    expect((await dokku("hello:new")).code).toBe(1);
    expect((await dokku("plugin:update", "hello")).stdout).toContain("Plugin pinned to v1");
    expect((await dokku("plugin:update")).code).toBe(0);
    const core = await dokku("plugin:update", "apps");
    expect(core.code).toBe(1);
    expect(core.stderr).toContain("Cannot trigger plugin:update against core plugin, please update Dokku instead");
  });

  test("uninstall runs its uninstall trigger and removes it", async () => {
    const r = await dokku("plugin:uninstall", "hello");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("bash uninstall hello");
    expect(r.stdout).toContain("-----> Plugin hello uninstalled");
    expect(existsSync(available("hello")) || existsSync(enabled("hello"))).toBe(false);
    expect((await dokku("plugin:installed", "hello")).code).toBe(1);
    expect((await dokku("plugin:uninstall", "hello")).stderr).toContain("Plugin does not exist");
  });

  test("--committish and --name install a pinned copy", async () => {
    const r = await dokku("plugin:install", `file://${bashRepo}`, "--committish", "v1", "--name", "pinned");
    expect(r.code).toBe(0);
    expect(readFileSync(join(available("pinned"), ".plugin_committish"), "utf8")).toBe("v1\n");
    expect((await dokku("pinned:greet", "v1")).stdout).toBe("greetings, v1\n");
    expect((await dokku("pinned:new")).code).toBe(1);
    const bare = await dokku("plugin");
    expect(bare.stderr).toContain("Deprecated: Please use plugin:list");
    expect(bare.stdout).toContain("  pinned               1.2.3 enabled    hello from bash\n");
    expect((await dokku("plugin:uninstall", "pinned")).code).toBe(0);
  });
});

describe("TypeScript module plugin from a local path", () => {
  test("installs, runs its command and triggers, and leaves cleanly", async () => {
    const r = await dokku("plugin:install", tsRepo);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("ts plugin installed");
    expect((await dokku("tshello:hi")).stdout).toBe("hi from ts\n");
    expect((await dokku("apps:create", "app2")).stdout).toContain("ts post-create app2");
    expect(marker("ts-post-create")).toBe("app2");
    expect((await dokku("plugin:list")).stdout).toContain("  tshello              0.9.0 enabled    hello from typescript\n");
    expect((await dokku("help")).stdout).toMatch(/^ {4}tshello\s+hello from typescript$/m);
    expect((await dokku("help", "--all")).stdout).toMatch(/^ {4}tshello:hi\s+Say hi from TypeScript$/m);
    await dokku("plugin:disable", "tshello");
    expect((await dokku("tshello:hi")).code).toBe(1);
    await dokku("plugin:enable", "tshello");
    expect((await dokku("tshello:hi")).stdout).toBe("hi from ts\n");
    expect((await dokku("plugin:uninstall", "tshello")).code).toBe(0);
    expect((await dokku("tshello:hi")).code).toBe(1);
    expect(existsSync(available("tshello"))).toBe(false);
  });
});

describe("tarballs", () => {
  test("a local .tgz with one top-level dir is flattened; a file:// .tar.gz works too", async () => {
    const tgz = join(host.root, "dokku-tarhello.tgz");
    expect((await run(["tar", "-czf", tgz, "-C", join(host.root, "src"), "dokku-hello"])).code).toBe(0);
    const r = await dokku("plugin:install", tgz);
    expect(r.code).toBe(0);
    expect(existsSync(join(available("tarhello"), "plugin.toml"))).toBe(true);
    expect((await dokku("tarhello:greet", "tar")).stdout).toBe("greetings, tar\n");
    expect((await dokku("hello:world")).stdout).toBe("hello world from bash\n");
    expect((await dokku("plugin:install", tgz)).stdout).toContain("Plugin tarhello already installed");
    expect((await dokku("plugin:uninstall", "tarhello")).code).toBe(0);

    const tarGzFile = join(host.root, "tsarchive.tar.gz");
    expect((await run(["tar", "-czf", tarGzFile, "--exclude=.git", "-C", tsRepo, "."])).code).toBe(0);
    expect((await dokku("plugin:install", `file://${tarGzFile}`)).code).toBe(0);
    expect((await dokku("tshello:hi")).stdout).toBe("hi from ts\n");
    expect((await dokku("plugin:uninstall", "tsarchive")).code).toBe(0);
  });
});
