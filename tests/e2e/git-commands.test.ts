// git:* commands other than push and from-archive, plus the builder/scheduler settings they rely on.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { createTestHost, type TestHost } from "../_harness/host.ts";
import { commitFiles, gitIn, makeRepo, push } from "./git-fixtures.ts";

let host: TestHost;
let upstream: string;

beforeAll(async () => {
  host = await createTestHost();
  for (const args of [["builder:set", "--global", "selected", "null"], ["scheduler:set", "--global", "selected", "null"], ["apps:create", "sy"]]) {
    expect((await host.dokku(args)).code).toBe(0);
  }
  upstream = await makeRepo(host, join(host.root, "upstream"), { "a.txt": "a\n" }, "main");
});
afterAll(() => host?.[Symbol.asyncDispose]());

const sha = async (app: string) => (await host.dokku(["git:report", app, "--git-sha"])).stdout.trim();

describe("git:sync", () => {
  test("first sync of a branch adopts it as deploy branch; --build deploys", async () => {
    const r = await host.dokku(["git:sync", "--build", "sy", upstream, "main"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`-----> Cloning sy from ${upstream}#main`);
    expect(r.stdout).toContain("Detected branch, setting deploy-branch to main");
    expect(r.stdout).toContain("=====> Application deployed:");
    expect(await sha("sy")).toBe((await gitIn(host, upstream, ["rev-parse", "HEAD"])).stdout.trim());
    expect((await host.dokku(["apps:report", "sy", "--app-deploy-source"])).stdout.trim()).toBe("git-sync");
  });

  test("--build-if-changes skips an unchanged remote and builds a changed one", async () => {
    const same = await host.dokku(["git:sync", "--build-if-changes", "sy", upstream]);
    expect(same.stdout).toContain("Skipping build as no changes were detected");
    expect(same.stdout).not.toContain("Releasing");
    const next = await commitFiles(host, upstream, { "b.txt": "b\n" }, "b");
    const changed = await host.dokku(["git:sync", "--build-if-changes", "sy", upstream]);
    expect(changed.stdout).toContain("Releasing sy...");
    expect(await sha("sy")).toBe(next);
  });

  test("a tag or a sha moves the deploy branch there", async () => {
    const first = (await gitIn(host, upstream, ["rev-list", "--max-parents=0", "HEAD"])).stdout.trim();
    await gitIn(host, upstream, ["tag", "v1", first]);
    expect((await host.dokku(["git:sync", "sy", upstream, "v1"])).code).toBe(0);
    expect(await sha("sy")).toBe(first);
    const head = (await gitIn(host, upstream, ["rev-parse", "HEAD"])).stdout.trim();
    expect((await host.dokku(["git:sync", "sy", upstream, head])).code).toBe(0);
    expect(await sha("sy")).toBe(head);
  });

  test("bad remotes fail clearly and run nothing", async () => {
    expect((await host.dokku(["git:sync", "sy"])).stderr).toContain("Missing GIT_REMOTE parameter");
    const marker = join(host.root, "pwned");
    const ext = await host.dokku(["git:sync", "sy", `ext::sh -c touch% ${marker}`, "main"]);
    expect(ext.code).not.toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect((await host.dokku(["git:sync", "sy", join(host.root, "nowhere"), "main"])).code).not.toBe(0);
  });

  test("receive-app rebuilds the deploy branch's head (ps:rebuild's path)", async () => {
    const r = await host.dokku(["plugin:trigger", "receive-app", "sy"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Releasing sy...");
  });
});

describe("git:set and git:report", () => {
  test("values are validated and reported", async () => {
    expect((await host.dokku(["git:set", "sy", "deploy-branch", "bad..name"])).stderr).toContain("Invalid branch name");
    expect((await host.dokku(["git:set", "sy", "keep-git-dir", "maybe"])).stderr).toContain("must be true or false");
    expect((await host.dokku(["git:set", "sy", "nope", "x"])).stderr).toContain("Invalid property specified");
    expect((await host.dokku(["git:set", "sy", "rev-env-var", ""])).stdout).toContain("Setting rev-env-var to an empty value");
    const report = JSON.parse((await host.dokku(["git:report", "sy", "--format", "json"])).stdout);
    expect(report).toMatchObject({ "git-deploy-branch": "main", "git-rev-env-var": "", "git-computed-keep-git-dir": "false" });
    expect((await host.dokku(["git:set", "sy", "rev-env-var", "MY_REV"])).code).toBe(0);
    expect((await host.dokku(["git:report", "sy", "--git-rev-env-var"])).stdout.trim()).toBe("MY_REV");
  });
});

describe("repository lifecycle", () => {
  test("git:initialize rewrites a missing hook; apps:rename re-points it at the new name", async () => {
    const hook = join(host.dokkuRoot, "sy", "hooks", "pre-receive");
    await rm(hook);
    expect((await host.dokku(["git:initialize", "sy"])).code).toBe(0);
    expect((await stat(hook)).mode & 0o111).not.toBe(0);
    expect((await host.dokku(["apps:rename", "--skip-deploy", "sy", "sy2"])).code).toBe(0);
    expect(await readFile(join(host.dokkuRoot, "sy2", "hooks", "pre-receive"), "utf8")).toContain("'git-hook' 'sy2'");
    const work = await makeRepo(host, join(host.root, "w2"), { "x": "x" }, "main");
    const pushed = await push(host, work, "sy2", "+main");
    expect(pushed.code).toBe(0);
    expect(pushed.stderr).toContain("Releasing sy2...");
  });
});

describe("docker-backed sources", () => {
  test("git:from-image fails clearly without a docker daemon, and checks the image name first", async () => {
    const env = { DOCKER_HOST: `unix://${join(host.root, "no-docker.sock")}` };
    const r = await host.dokku(["git:from-image", "sy2", "example/app:1"], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Docker is not available");
    const bad = await host.dokku(["git:from-image", "sy2", "img\nRUN evil"], { env });
    expect(bad.stderr).toContain("Invalid docker image reference");
  });
});

describe("credentials and keys", () => {
  test("git:auth writes a 0600 netrc, takes the password from stdin, and removes entries", async () => {
    expect((await host.dokku(["git:auth", "git.example.invalid", "bot", "s3cret"])).code).toBe(0);
    expect((await host.dokku(["git:auth", "other.example.invalid", "bot2"], { input: "fromstdin\n" })).code).toBe(0);
    const netrc = join(host.dokkuRoot, ".netrc");
    expect((await stat(netrc)).mode & 0o777).toBe(0o600);
    expect(await readFile(netrc, "utf8")).toContain("machine other.example.invalid\n  login bot2\n  password fromstdin\n");
    expect((await host.dokku(["git:auth-status", "git.example.invalid", "bot", "s3cret"])).code).toBe(0);
    expect((await host.dokku(["git:auth-status", "git.example.invalid", "bot", "wrong"])).code).toBe(1);
    expect((await host.dokku(["git:auth", "git.example.invalid", "bad user", "x"])).stderr).toContain("must not contain whitespace");
    expect((await host.dokku(["git:auth", "git.example.invalid"])).code).toBe(0);
    expect(await readFile(netrc, "utf8")).not.toContain("git.example.invalid");
  });

  test("git:public-key needs a key that git:generate-deploy-key makes", async () => {
    expect((await host.dokku(["git:public-key"])).stderr).toContain("There is no deploy key");
    expect((await host.dokku(["git:generate-deploy-key"])).code).toBe(0);
    expect((await host.dokku(["git:public-key"])).stdout).toMatch(/^ssh-ed25519 \S+ dokku@/);
    expect((await host.dokku(["git:generate-deploy-key"])).stdout).toContain("Deploy key already exists");
  });

  test("git:allow-host refuses option-like hosts; git:unlock removes the clone folder", async () => {
    expect((await host.dokku(["git:allow-host", "-oProxyCommand=x"])).stderr).toContain("Invalid host");
    expect((await host.dokku(["git:unlock", "sy2"])).stdout).toContain("No clone folder exists");
    await mkdir(join(host.libRoot, "data", "git", "sy2"), { recursive: true });
    expect((await host.dokku(["git:unlock", "sy2", "--force"])).code).toBe(0);
    expect(existsSync(join(host.libRoot, "data", "git", "sy2"))).toBe(false);
  });
});

describe("builder and scheduler settings", () => {
  test("reports show selections; scheduler-detect defaults to docker-local", async () => {
    expect((await host.dokku(["builder:report", "sy2", "--builder-computed-selected"])).stdout.trim()).toBe("null");
    expect((await host.dokku(["builder:set", "sy2", "selected", "Bad Name"])).stderr).toContain("Invalid builder name");
    expect((await host.dokku(["builder:set", "sy2", "build-dir", "../up"])).stderr).toContain("Invalid build-dir");
    expect((await host.dokku(["scheduler:report", "sy2", "--scheduler-computed-selected"])).stdout.trim()).toBe("null");
    expect((await host.dokku(["scheduler:set", "--global", "selected", ""])).code).toBe(0);
    expect((await host.dokku(["plugin:trigger", "scheduler-detect", "sy2"])).stdout.trim()).toBe("docker-local");
    expect((await host.dokku(["scheduler:set", "sy2", "selected", "null"])).code).toBe(0);
    expect(JSON.parse((await host.dokku(["scheduler:report", "sy2", "--format", "json"])).stdout)).toMatchObject({
      "scheduler-computed-selected": "null",
      "scheduler-global-selected": "", // what is stored: nothing; the default shows in computed-
      "scheduler-selected": "null",
    });
  });
});
