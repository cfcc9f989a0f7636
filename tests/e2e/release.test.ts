// release-and-deploy refuses a scheduler that no plugin provides, and a deploy with no image to
// run, instead of reporting a deploy that never happened.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { createTestHost, type TestHost } from "../_harness/host.ts";
import { makeRepo, push } from "./git-fixtures.ts";

describe("release-and-deploy", () => {
  let host: TestHost;
  let repo: string;

  beforeAll(async () => {
    host = await createTestHost();
    expect((await host.dokku(["builder:set", "--global", "selected", "null"])).code).toBe(0);
    repo = await makeRepo(host, join(host.root, "src"), { "index.html": "hi\n" });
  }, 60_000);

  afterAll(() => host?.[Symbol.asyncDispose](), 60_000);

  test("docker-local refuses a release without an image (the null builder builds none) with one clear line", async () => {
    const r = await push(host, repo, "noscheduler", "main");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("-----> Deploying noscheduler via the docker-local scheduler...");
    expect(r.stderr).toContain(" !     Image dokku/noscheduler:latest does not exist: build noscheduler first (git push, ps:rebuild)");
    expect(r.stderr).not.toContain("Application deployed");
  }, 60_000);

  test("a scheduler no plugin provides is named as missing", async () => {
    expect((await host.dokku(["scheduler:set", "noscheduler", "selected", "nowhere"])).code).toBe(0);
    const r = await push(host, repo, "noscheduler", "main");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("Scheduler nowhere is not available: no scheduler-nowhere plugin is installed");
    expect(r.stderr).toContain("'dokku scheduler:set noscheduler selected <name>' (available: docker-local, null, swarm)");
  }, 60_000);

  test("with the null scheduler selected the same push deploys", async () => {
    expect((await host.dokku(["scheduler:set", "noscheduler", "selected", "null"])).code).toBe(0);
    const r = await push(host, repo, "noscheduler", "main");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("=====> Application deployed:");
  }, 60_000);
});
