// Builds that do not come from a push (git:sync --build, git:from-archive, receive-app as
// ps:rebuild uses it) run attached: recorded and logged like a push, output on our own stdout
// and stderr as the build wrote it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { makeTar } from "../_harness/archives.ts";
import { type TestHost, createTestHost } from "../_harness/host.ts";
import { installSlowPlugin, listBuilds, touch } from "./builds-fixtures.ts";
import { gitIn, makeRepo } from "./git-fixtures.ts";

const T = 60_000;
let host: TestHost;
let gates: string;
let upstream: string;

beforeAll(async () => {
  host = await createTestHost();
  for (const args of [["builder:set", "--global", "selected", "null"], ["scheduler:set", "--global", "selected", "null"], ["apps:create", "src1"]]) {
    expect((await host.dokku(args)).code).toBe(0);
  }
  gates = await installSlowPlugin(host);
  upstream = await makeRepo(host, join(host.root, "upstream"), { "a.txt": "a\n" });
});
afterAll(() => host?.[Symbol.asyncDispose]());

describe("builds not started by a push", () => {
  test("git:sync --build, a rebuild and git:from-archive each leave a record with their source", async () => {
    const sync = await host.dokku(["git:sync", "--build", "src1", upstream, "main"]);
    expect(sync.code).toBe(0);
    expect(sync.stdout).toContain("=====> Application deployed:");
    expect((await host.dokku(["plugin:trigger", "receive-app", "src1"])).code).toBe(0);
    const tar = join(host.root, "app.tar");
    await writeFile(tar, makeTar([{ name: "index.html", data: "from a tar\n" }]));
    expect((await host.dokku(["git:from-archive", "src1", tar])).code).toBe(0);
    const builds = await listBuilds(host, "src1");
    expect(builds.map((b) => `${b.source}:${b.status}`)).toEqual(["git:from-archive:succeeded", "ps:rebuild:succeeded", "git:sync:succeeded"]);
    const head = (await gitIn(host, upstream, ["rev-parse", "HEAD"])).stdout.trim();
    expect(builds[2]).toMatchObject({ rev: head, who: "default", exit_code: 0 });
    expect((await host.dokku(["builds:output", "src1", builds[0]!.id])).stdout).toContain("-----> Releasing src1...");
    expect((await host.dokku(["apps:locked", "src1"])).code).not.toBe(0);
  }, T);

  test("a failing rebuild: stdout and stderr kept apart, the exit code and the record say failed", async () => {
    await touch(join(gates, "fail-src1"));
    const r = await host.dokku(["plugin:trigger", "receive-app", "src1"]);
    expect(r.code).toBe(7);
    expect(r.stdout).toContain("slow: failing on purpose");
    expect(r.stderr).toContain("slow: last words");
    expect(r.stderr).toContain("Trigger pre-receive-app failed in plugin slowbuild (exit code 7)");
    const [failed] = await listBuilds(host, "src1");
    expect(failed).toMatchObject({ source: "ps:rebuild", status: "failed", exit_code: 7 });
    const log = (await host.dokku(["builds:output", "src1", failed!.id])).stdout;
    expect(log).toContain("slow: failing on purpose");
    expect(log).toContain("slow: last words");
  }, T);
});
