// git push -> dokku git-receive-pack -> pre-receive hook -> dokku git-hook -> the receive pipeline,
// with the null builder and scheduler so no docker is needed.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, realpath, rm } from "node:fs/promises";
import { join } from "node:path";
import { createTestHost, type TestHost } from "../_harness/host.ts";
import { commitFiles, extRemote, gitIn, installTriggerPlugin, makeRepo, push } from "./git-fixtures.ts";

let host: TestHost;
let repo: string;
const spyLog = () => join(host.root, "spy.log");

beforeAll(async () => {
  host = await createTestHost();
  host.env.TMPDIR = join(host.root, "tmp"); // every work directory of every dokku process lands here
  await mkdir(host.env.TMPDIR);
  for (const args of [["builder:set", "--global", "selected", "null"], ["scheduler:set", "--global", "selected", "null"]]) {
    expect((await host.dokku(args)).code).toBe(0);
  }
  // Records what the extract hooks see: the trigger arguments and the work directory's listing.
  await installTriggerPlugin(host, "spy", {
    "post-extract": `echo "post-extract $1 $3" >> ${spyLog()}\nls -A "$2" | tr '\\n' ' ' >> ${spyLog()}\necho >> ${spyLog()}`,
  });
  repo = await makeRepo(host, join(host.root, "src"), { "index.html": "hello\n", "sub/inner.txt": "inner\n" });
});
afterAll(() => host?.[Symbol.asyncDispose]());

describe("git push", () => {
  test("pushing main to a new app creates it and runs every stage of the receive path", async () => {
    const r = await push(host, repo, "'/myapp'", "main");
    expect(r.code).toBe(0);
    const sha = (await gitIn(host, repo, ["rev-parse", "HEAD"])).stdout.trim();
    for (const line of [
      "-----> Set main as deploy-branch",
      "-----> Cleaning up...",
      "-----> Skipping build of myapp: the null builder builds nothing",
      "-----> Releasing myapp...",
      "-----> Deploying myapp via the null scheduler...",
      "=====> Application deployed:",
    ]) {
      expect(r.stderr).toContain(line);
    }
    expect((await host.dokku(["apps:list"])).stdout).toContain("myapp");
    expect((await host.dokku(["git:report", "myapp", "--git-sha"])).stdout.trim()).toBe(sha);
    expect((await host.dokku(["git:report", "myapp", "--git-deploy-branch"])).stdout.trim()).toBe("main");
    expect((await host.dokku(["apps:report", "myapp", "--app-deploy-source"])).stdout.trim()).toBe("git-push");
    expect((await host.dokku(["config:get", "myapp", "GIT_REV"])).stdout.trim()).toBe(sha);
    expect((await host.dokku(["builder:report", "myapp", "--builder-detected"])).stdout.trim()).toBe("null");
    // The extract hooks saw the checked-out tree without .git, at the pushed revision.
    expect(await readFile(spyLog(), "utf8")).toBe(`post-extract myapp ${sha}\nindex.html sub \n`);
  });

  test("a push of another branch is accepted without deploying", async () => {
    await gitIn(host, repo, ["checkout", "-q", "-b", "feature"]);
    await commitFiles(host, repo, { "feature.txt": "f\n" }, "feature");
    const before = (await host.dokku(["git:report", "myapp", "--git-sha"])).stdout;
    const r = await push(host, repo, "'myapp'", "feature");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("-----> WARNING: deploy did not complete, you must push to main.");
    expect(r.stderr).toContain("git push <dokku> feature:main");
    expect(r.stderr).not.toContain("Releasing");
    expect((await host.dokku(["git:report", "myapp", "--git-sha"])).stdout).toBe(before);
    await gitIn(host, repo, ["checkout", "-q", "main"]);
  });

  test("keep-git-dir keeps .git in the build context and build-dir narrows it", async () => {
    await rm(spyLog(), { force: true });
    expect((await host.dokku(["git:set", "myapp", "keep-git-dir", "true"])).code).toBe(0);
    const sha = await commitFiles(host, repo, { "two.txt": "2\n" }, "two");
    expect((await push(host, repo, "myapp", "main")).code).toBe(0);
    expect(await readFile(spyLog(), "utf8")).toBe(`post-extract myapp ${sha}\n.git index.html sub two.txt \n`);

    await rm(spyLog(), { force: true });
    await host.dokku(["git:set", "myapp", "keep-git-dir", ""]);
    await host.dokku(["builder:set", "myapp", "build-dir", "sub"]);
    const sha3 = await commitFiles(host, repo, { "three.txt": "3\n" }, "three");
    expect((await push(host, repo, "myapp", "main")).code).toBe(0);
    // core-post-extract runs first, so post-extract already sees only the build-dir.
    expect(await readFile(spyLog(), "utf8")).toBe(`post-extract myapp ${sha3}\ninner.txt \n`);
    await host.dokku(["builder:set", "myapp", "build-dir", ""]);
  });

  test("a failing pre-receive-app plugin fails the push and the ref is not updated", async () => {
    const plugin = await installTriggerPlugin(host, "failer", { "pre-receive-app": 'echo "failer refuses $1 built by $2" >&2\nexit 3' });
    const before = (await host.dokku(["git:report", "myapp", "--git-sha"])).stdout;
    await commitFiles(host, repo, { "four.txt": "4\n" }, "four");
    const r = await push(host, repo, "myapp", "main");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("failer refuses myapp built by null");
    expect(r.stderr).toContain("pre-receive hook declined");
    expect((await host.dokku(["git:report", "myapp", "--git-sha"])).stdout).toBe(before);
    expect((await host.dokku(["apps:locked", "myapp"])).code).not.toBe(0); // the lock was released
    await rm(join(host.libRoot, "plugins", "enabled", "failer"));
    await rm(plugin, { recursive: true });
    expect((await push(host, repo, "myapp", "main")).code).toBe(0);
  });

  test("a deploy lock refuses the push with Dokku's message", async () => {
    expect((await host.dokku(["apps:lock", "myapp"])).code).toBe(0);
    await commitFiles(host, repo, { "five.txt": "5\n" }, "five");
    const r = await push(host, repo, "myapp", "main");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("myapp currently has a deploy lock in place. Exiting...");
    expect((await host.dokku(["apps:unlock", "myapp"])).code).toBe(0);
    expect((await push(host, repo, "myapp", "main")).code).toBe(0);
  });

  test("an invalid app name is refused before anything is created", async () => {
    const r = await push(host, repo, "'Bad_Name'", "main");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("App name must begin with lowercase alphanumeric character");
    expect(existsSync(join(host.dokkuRoot, "Bad_Name"))).toBe(false);
  });

  test("app auto-creation can be disabled", async () => {
    await host.dokku(["apps:set", "--global", "disable-autocreation", "true"]);
    const r = await push(host, repo, "noauto", "main");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("App auto-creation disabled.");
    expect(existsSync(join(host.dokkuRoot, "noauto"))).toBe(false);
    await host.dokku(["apps:set", "--global", "disable-autocreation", ""]);
  });

  test("git clone over git-upload-pack gets the deployed branch", async () => {
    const clone = join(host.root, "clone");
    const r = await gitIn(host, host.root, ["-c", "protocol.ext.allow=always", "clone", "-q", extRemote("'myapp'"), clone]);
    expect(r.code).toBe(0);
    expect(await readFile(join(clone, "five.txt"), "utf8")).toBe("5\n");
  });

  test("trigger executables on the build path run in the work directory, also when an in-process handler fires them", async () => {
    const log = join(host.root, "cwd.log");
    // post-extract is fired by the pipeline itself; scheduler-deploy by the builder plugin's release-and-deploy handler.
    const plugin = await installTriggerPlugin(host, "cwd-spy", {
      "post-extract": `echo "post-extract $(pwd -P) $(cd "$2" && pwd -P)" >> ${log}`,
      "scheduler-deploy": `echo "scheduler-deploy $(pwd -P)" >> ${log}`,
    });
    await commitFiles(host, repo, { "cwd.txt": "cwd\n" }, "cwd");
    expect((await push(host, repo, "myapp", "main")).code).toBe(0);
    await rm(join(host.libRoot, "plugins", "enabled", "cwd-spy"));
    await rm(plugin, { recursive: true });
    const [extract = "", deploy = ""] = (await readFile(log, "utf8")).trim().split("\n");
    const workdir = extract.split(" ")[1] ?? "";
    expect(workdir.startsWith(`${await realpath(host.env.TMPDIR!)}/`)).toBe(true);
    expect(extract).toBe(`post-extract ${workdir} ${workdir}`);
    expect(deploy).toBe(`scheduler-deploy ${workdir}`);
  });

  test("no work directory is left behind, after successful and failed deploys alike", async () => {
    expect(await readdir(join(host.root, "tmp"))).toEqual([]);
  });
});
