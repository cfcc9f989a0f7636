// buildpacks:* commands and the post-extract hook that writes WORKDIR/.buildpacks.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createTestHost, type TestHost } from "../_harness/host.ts";

let host: TestHost;
const RUBY = "https://github.com/heroku/heroku-buildpack-ruby.git";
const NODE = "https://github.com/heroku/heroku-buildpack-nodejs.git";
const APT = "https://github.com/heroku/heroku-buildpack-apt.git";

beforeAll(async () => {
  host = await createTestHost();
  expect((await host.dokku(["apps:create", "bp"])).code).toBe(0);
});
afterAll(() => host?.[Symbol.asyncDispose]());

async function list(app = "bp"): Promise<string[]> {
  const r = await host.dokku(["buildpacks:report", app, "--buildpacks-list"]);
  expect(r.code).toBe(0);
  return r.stdout.trim() === "" ? [] : r.stdout.trim().split(",");
}

describe("buildpacks list management", () => {
  test("add appends, --index inserts, set replaces the first, --replace swaps the list", async () => {
    expect((await host.dokku(["buildpacks:add", "bp", "heroku/ruby"])).code).toBe(0);
    expect((await host.dokku(["buildpacks:add", "--index", "1", "bp", NODE])).code).toBe(0);
    expect(await list()).toEqual([NODE, RUBY]);
    expect((await host.dokku(["buildpacks:set", "bp", "heroku-community/apt"])).code).toBe(0);
    expect(await list()).toEqual([APT, RUBY]);
    expect((await host.dokku(["buildpacks:set", "--index", "5", "bp", NODE])).code).toBe(0);
    expect(await list()).toEqual([APT, RUBY, NODE]);
    expect((await host.dokku(["buildpacks:set", "--replace", "bp", "heroku/ruby", NODE])).code).toBe(0);
    expect(await list()).toEqual([RUBY, NODE]);
  });

  test("list prints Dokku's header and one URL per line", async () => {
    const r = await host.dokku(["buildpacks:list", "bp"]);
    expect(r).toEqual({ code: 0, stdout: `-----> bp buildpack urls\n       ${RUBY}\n       ${NODE}\n`, stderr: "" });
  });

  test("remove by URL or index; both or neither is an error", async () => {
    const both = await host.dokku(["buildpacks:remove", "--index", "1", "bp", RUBY]);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("Please choose either index or Buildpack, but not both");
    const removed = await host.dokku(["buildpacks:remove", "bp", "heroku/ruby"]);
    expect(removed.stdout).toBe(`-----> Removing ${RUBY}\n`);
    expect((await host.dokku(["buildpacks:remove", "--index", "1", "bp"])).code).toBe(0);
    expect(await list()).toEqual([]);
    const empty = await host.dokku(["buildpacks:remove", "bp", NODE]);
    expect(empty.stderr).toContain("No buildpacks were found, next release on bp will detect buildpack normally");
  });

  test("invalid URLs and missing apps are refused and change nothing", async () => {
    await host.dokku(["buildpacks:add", "bp", RUBY]);
    const bad = await host.dokku(["buildpacks:add", "bp", "not a url"]);
    expect(bad).toEqual({ code: 1, stdout: "", stderr: " !     Invalid buildpack specified: not a url\n" });
    expect((await host.dokku(["buildpacks:add", "bp", "x", "--index", "two"])).stderr).toContain("Invalid --index value: two");
    expect((await host.dokku(["buildpacks:add", "nope", RUBY])).code).toBe(20);
    expect(await list()).toEqual([RUBY]);
    expect((await host.dokku(["buildpacks:clear", "bp"])).code).toBe(0);
    expect(await list()).toEqual([]);
  });
});

describe("buildpacks:set-property and report", () => {
  test("stack per app and globally, with computed fallbacks to DOKKU_IMAGE", async () => {
    const env = { DOKKU_IMAGE: "example/builder:1" };
    expect((await host.dokku(["buildpacks:report", "bp", "--buildpacks-computed-stack"], { env })).stdout).toBe("example/builder:1\n");
    expect((await host.dokku(["buildpacks:set-property", "--global", "stack", "example/global:2"])).stdout).toBe("=====> Setting stack to example/global:2\n");
    expect((await host.dokku(["buildpacks:set-property", "bp", "stack", "example/app:3"])).code).toBe(0);
    const json = JSON.parse((await host.dokku(["buildpacks:report", "bp", "--format", "json"])).stdout);
    expect(json).toMatchObject({ "buildpacks-computed-stack": "example/app:3", "buildpacks-global-stack": "example/global:2", "buildpacks-stack": "example/app:3" });
    expect((await host.dokku(["buildpacks:set-property", "bp", "stack"])).stdout).toBe("=====> Unsetting stack\n");
    const stack = await host.dokku(["plugin:trigger", "buildpack-stack-name", "bp"]);
    expect(stack.stdout).toBe("example/global:2\n");
    const bad = await host.dokku(["buildpacks:set-property", "bp", "colour", "red"]);
    expect(bad.stderr).toContain("Invalid property specified, valid properties include: stack");
    await host.dokku(["buildpacks:set-property", "--global", "stack"]);
  });
});

describe("post-extract", () => {
  test("writes the app's list to WORKDIR/.buildpacks with mode 0600", async () => {
    const workdir = join(host.root, "w1");
    await mkdir(workdir);
    await host.dokku(["buildpacks:add", "bp", "heroku/ruby"]);
    expect((await host.dokku(["plugin:trigger", "post-extract", "bp", workdir, "rev"])).code).toBe(0);
    expect(await readFile(join(workdir, ".buildpacks"), "utf8")).toBe(`${RUBY}\n`);
    expect((await stat(join(workdir, ".buildpacks"))).mode & 0o777).toBe(0o600);
    await host.dokku(["buildpacks:clear", "bp"]);
  });

  test("normalises a committed .buildpacks and names a line that is not a URL", async () => {
    const workdir = join(host.root, "w2");
    await mkdir(workdir);
    await writeFile(join(workdir, ".buildpacks"), "# packs\nheroku/ruby\n");
    expect((await host.dokku(["plugin:trigger", "post-extract", "bp", workdir, "rev"])).code).toBe(0);
    expect(await readFile(join(workdir, ".buildpacks"), "utf8")).toBe(`${RUBY}\n`);
    await writeFile(join(workdir, ".buildpacks"), `${RUBY}\nnot-a-url here\n`);
    const bad = await host.dokku(["plugin:trigger", "post-extract", "bp", workdir, "rev"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("Invalid buildpack specified in .buildpacks line 2: not-a-url here");
  });
});
