// builder-herokuish / builder-dockerfile settings, detection and the dockerfile-path move (no Docker needed).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, readFile, readdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { dockerAvailable } from "../_harness/docker.ts";
import { createTestHost, type TestHost } from "../_harness/host.ts";

const hasDocker = await dockerAvailable();

let host: TestHost;
let n = 0;

beforeAll(async () => {
  host = await createTestHost();
  expect((await host.dokku(["apps:create", "bs"])).code).toBe(0);
});
afterAll(() => host?.[Symbol.asyncDispose]());

/** A fresh work directory holding the given files. */
async function workdir(files: Record<string, string>): Promise<string> {
  const dir = join(host.root, `w${++n}`);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, ".."), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  await mkdir(dir, { recursive: true });
  return dir;
}

describe("builder-detect", () => {
  test("Dockerfile -> dockerfile; .buildpacks, .env BUILDPACK_URL or project.toml win over a Dockerfile", async () => {
    const detect = async (files: Record<string, string>) =>
      (await host.dokku(["plugin:trigger", "builder-detect", "bs", await workdir(files)])).stdout.split("\n")[0];
    expect(await detect({ Dockerfile: "FROM x\n" })).toBe("dockerfile");
    expect(await detect({ Dockerfile: "FROM x\n", ".buildpacks": "heroku/ruby\n" })).toBe("herokuish");
    expect(await detect({ Dockerfile: "FROM x\n", ".env": "A=1\nBUILDPACK_URL=https://a/b/c\n" })).toBe("herokuish");
    expect(await detect({ Dockerfile: "FROM x\n", "project.toml": "" })).toBe("pack");
    expect(await detect({ "index.html": "hi" })).toBe("");
  });

  test("config BUILDPACK_URL selects herokuish", async () => {
    await host.dokku(["config:set", "--no-restart", "bs", "BUILDPACK_URL=https://github.com/a/b.git"]);
    const r = await host.dokku(["plugin:trigger", "builder-detect", "bs", await workdir({ Dockerfile: "FROM x\n" })]);
    expect(r.stdout).toBe("herokuish\n");
    await host.dokku(["config:unset", "--no-restart", "bs", "BUILDPACK_URL"]);
  });
});

describe("builder-herokuish:set / report", () => {
  test("allowed is true/false per app and globally", async () => {
    expect((await host.dokku(["builder-herokuish:set", "bs", "allowed", "false"])).stdout).toBe("=====> Setting allowed to false\n");
    expect((await host.dokku(["builder-herokuish:report", "bs", "--builder-herokuish-computed-allowed"])).stdout).toBe("false\n");
    const detect = await host.dokku(["plugin:trigger", "builder-detect", "bs", await workdir({ ".buildpacks": "heroku/ruby\n" })]);
    expect(detect.stdout).toBe("");
    expect((await host.dokku(["builder-herokuish:set", "bs", "allowed"])).stdout).toBe("=====> Unsetting allowed\n");
    expect((await host.dokku(["builder-herokuish:set", "--global", "allowed", "true"])).code).toBe(0);
    const global = JSON.parse((await host.dokku(["builder-herokuish:report", "--global", "--format", "json"])).stdout);
    expect(global).toMatchObject({ "builder-herokuish-computed-allowed": "true", "builder-herokuish-global-allowed": "true" });
    const bad = await host.dokku(["builder-herokuish:set", "bs", "allowed", "maybe"]);
    expect(bad).toEqual({ code: 1, stdout: "", stderr: " !     Invalid value for allowed, must be true or false\n" });
  });
});

describe("builder-dockerfile dockerfile-path", () => {
  test("set and report, with the global default Dockerfile", async () => {
    const before = await host.dokku(["builder-dockerfile:report", "bs"]);
    expect(before.stdout).toContain("Builder dockerfile computed dockerfile path: Dockerfile");
    expect((await host.dokku(["builder-dockerfile:set", "bs", "dockerfile-path", "docker/Dockerfile.prod"])).code).toBe(0);
    const r = await host.dokku(["builder-dockerfile:report", "bs", "--builder-dockerfile-computed-dockerfile-path"]);
    expect(r.stdout).toBe("docker/Dockerfile.prod\n");
  });

  test("core-post-extract moves the file to Dockerfile", async () => {
    const dir = await workdir({ "docker/Dockerfile.prod": "FROM prod\n", Dockerfile: "FROM dev\n" });
    expect((await host.dokku(["plugin:trigger", "core-post-extract", "bs", dir, "rev"])).code).toBe(0);
    expect(await readFile(join(dir, "Dockerfile"), "utf8")).toBe("FROM prod\n");
    expect(await readdir(join(dir, "docker"))).toEqual([]);
  });

  test("a missing file or a path outside the source tree is a clear error", async () => {
    const missing = await host.dokku(["plugin:trigger", "core-post-extract", "bs", await workdir({ "a.txt": "" }), "rev"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("Invalid dockerfile-path specified: docker/Dockerfile.prod");
    const outside = await host.dokku(["builder-dockerfile:set", "bs", "dockerfile-path", "../../etc/passwd"]);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain("must be a file inside the app's source tree");
    expect((await host.dokku(["builder-dockerfile:set", "--global", "dockerfile-path", "/etc/passwd"])).code).toBe(1);
    // A value written behind our back (or by an older version) is still refused at build time.
    await writeFile(join(host.libRoot, "config", "builder-dockerfile", "bs", "dockerfile-path"), "../secret/Dockerfile");
    const r = await host.dokku(["plugin:trigger", "core-post-extract", "bs", await workdir({ Dockerfile: "FROM x\n" }), "rev"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("Invalid dockerfile-path specified: ../secret/Dockerfile");
    await host.dokku(["builder-dockerfile:set", "bs", "dockerfile-path", "evil"]);
    const linked = await workdir({ Dockerfile: "FROM x\n" });
    await symlink("/etc/hostname", join(linked, "evil"));
    const viaLink = await host.dokku(["plugin:trigger", "core-post-extract", "bs", linked, "rev"]);
    expect(viaLink.stderr).toContain("Invalid dockerfile-path specified: evil (it resolves outside the app's source tree)");
    await host.dokku(["builder-dockerfile:set", "bs", "dockerfile-path"]);
  });
});

describe("repo", () => {
  test("repo:gc runs git gc in the app's repository; a missing app exits 20", async () => {
    expect((await host.dokku(["repo:gc", "bs"])).code).toBe(0);
    expect((await host.dokku(["repo:gc", "missing"])).code).toBe(20);
  });

  test.skipIf(!hasDocker)("repo:purge-cache of an app without a cache volume is a quiet no-op", async () => {
    expect(await host.dokku(["repo:purge-cache", "bs"])).toEqual({ code: 0, stdout: "", stderr: "" });
  });
});

describe("builder-pack", () => {
  test("project.toml is detected as pack, even beside a Dockerfile; building it is refused clearly", async () => {
    const pack = await workdir({ "project.toml": "[_]\nschema-version = \"0.2\"\n", Dockerfile: "FROM scratch\n" });
    expect((await host.dokku(["plugin:trigger", "builder-detect", "bs", pack])).stdout).toBe("pack\n");
    const r = await host.dokku(["plugin:trigger", "builder-build", "pack", "bs", pack]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("The pack builder (Cloud Native Buildpacks, detected from project.toml) is not available in this version");
    expect(r.stderr).toContain("'dokku builder:set bs selected herokuish'");
  });
});
