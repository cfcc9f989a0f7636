// The end-to-end path: a fresh key added with ssh-keys:add, then `git push ssh://...` through a
// real sshd and the authorized_keys forced command, with the null builder and scheduler.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { createTestHost, type TestHost } from "../_harness/host.ts";
import { generateKey, sshdAvailable, startSshd, type SshServer } from "../_harness/sshd.ts";
import { commitFiles, gitIn, makeRepo } from "./git-fixtures.ts";

const skip = !sshdAvailable();
if (skip) console.warn("skipping tests/e2e/git-ssh.test.ts: openssh-server missing (run `bash scripts/ci-services.sh`)");

const TIMEOUT = 60_000;

describe.skipIf(skip)("git push over ssh", () => {
  let host: TestHost;
  let sshd: SshServer;
  let key: string;
  let repo: string;
  const gitSsh = (args: string[]) => gitIn(host, repo, args, { GIT_SSH_COMMAND: sshd.clientArgs(key).join(" ") });

  beforeAll(async () => {
    host = await createTestHost();
    for (const args of [["builder:set", "--global", "selected", "null"], ["scheduler:set", "--global", "selected", "null"]]) {
      expect((await host.dokku(args)).code).toBe(0);
    }
    sshd = await startSshd(host);
    key = await generateKey(host.root, "pusher");
    expect((await host.dokku(["ssh-keys:add", "pusher", `${key}.pub`])).code).toBe(0);
    repo = await makeRepo(host, join(host.root, "src"), { "index.html": "over ssh\n" });
  }, TIMEOUT);

  afterAll(async () => {
    await sshd?.stop();
    await host?.[Symbol.asyncDispose]();
  }, TIMEOUT);

  test("push main creates the app and runs the receive path", async () => {
    const r = await gitSsh(["push", sshd.url("myapp"), "main"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("remote: -----> Set main as deploy-branch");
    expect(r.stderr).toContain("remote: -----> Releasing myapp...");
    expect(r.stderr).toContain("remote: -----> Deploying myapp via the null scheduler...");
    expect(r.stderr).toContain("remote: =====> Application deployed:");
    expect((await sshd.ssh(key, "apps:list")).stdout).toContain("myapp");
    expect((await host.dokku(["git:report", "myapp", "--git-sha"])).stdout.trim()).toBe((await gitSsh(["rev-parse", "HEAD"])).stdout.trim());
  }, TIMEOUT);

  test("a push of another branch does not deploy", async () => {
    await gitSsh(["checkout", "-q", "-b", "other"]);
    await commitFiles(host, repo, { "other.txt": "o\n" }, "other");
    const r = await gitSsh(["push", sshd.url("myapp"), "other"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("deploy did not complete, you must push to main");
    expect(r.stderr).not.toContain("Releasing");
  }, TIMEOUT);

  test("clone over ssh, and the key is refused after ssh-keys:remove", async () => {
    const clone = await gitIn(host, host.root, ["clone", "-q", sshd.url("myapp"), join(host.root, "clone")], { GIT_SSH_COMMAND: sshd.clientArgs(key).join(" ") });
    expect(clone.code).toBe(0);
    expect((await host.dokku(["ssh-keys:remove", "pusher"])).code).toBe(0);
    const refused = await gitSsh(["push", sshd.url("myapp"), "main"]);
    expect(refused.code).not.toBe(0);
  }, TIMEOUT);
});
