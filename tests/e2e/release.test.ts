// release-and-deploy refuses a scheduler that no plugin provides, or whose plugin cannot deploy,
// instead of reporting a deploy that never happened.
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

  test("a push to an app whose scheduler cannot deploy fails and says which schedulers can", async () => {
    const r = await push(host, repo, "noscheduler", "main");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("Scheduler docker-local is not available: the scheduler-docker-local plugin does not deploy apps in this version");
    expect(r.stderr).toContain("'dokku scheduler:set noscheduler selected <name>' (available: null)");
    expect(r.stderr).not.toContain("Application deployed");
  }, 60_000);

  test("a scheduler no plugin provides is named as missing", async () => {
    expect((await host.dokku(["scheduler:set", "noscheduler", "selected", "nowhere"])).code).toBe(0);
    const r = await push(host, repo, "noscheduler", "main");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("Scheduler nowhere is not available: no scheduler-nowhere plugin is installed");
    expect(r.stderr).toContain("(available: null)");
  }, 60_000);

  test("with the null scheduler selected the same push deploys", async () => {
    expect((await host.dokku(["scheduler:set", "noscheduler", "selected", "null"])).code).toBe(0);
    const r = await push(host, repo, "noscheduler", "main");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("=====> Application deployed:");
  }, 60_000);
});
