// DESIGN 3.9 over a real sshd: the pusher's ssh client is killed mid-build; the build finishes on
// the server, its log and record are complete, and the branch is updated by the runner.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { type TestHost, createTestHost } from "../_harness/host.ts";
import { type SshServer, generateKey, sshdAvailable, startSshd } from "../_harness/sshd.ts";
import { installSlowPlugin, killTree, listBuilds, startGit, touch, waitFor, waitForBuildEnd } from "./builds-fixtures.ts";
import { commitFiles, gitIn, makeRepo } from "./git-fixtures.ts";

const skip = !sshdAvailable();
if (skip) console.warn("skipping tests/e2e/builds-ssh.test.ts: openssh-server missing (run `bash scripts/ci-services.sh`)");

const T = 60_000;

describe.skipIf(skip)("a build pushed over ssh", () => {
  let host: TestHost;
  let sshd: SshServer;
  let key: string;
  let repo: string;
  let gates: string;
  const sshEnv = () => ({ GIT_SSH_COMMAND: sshd.clientArgs(key).join(" ") });

  beforeAll(async () => {
    host = await createTestHost();
    for (const args of [["builder:set", "--global", "selected", "null"], ["scheduler:set", "--global", "selected", "null"]]) {
      expect((await host.dokku(args)).code).toBe(0);
    }
    gates = await installSlowPlugin(host);
    sshd = await startSshd(host);
    key = await generateKey(host.root, "pusher");
    expect((await host.dokku(["ssh-keys:add", "pusher", `${key}.pub`])).code).toBe(0);
    repo = await makeRepo(host, join(host.root, "src"), { "index.html": "over ssh\n" });
  }, T);

  afterAll(async () => {
    await sshd?.stop();
    await host?.[Symbol.asyncDispose]();
  }, T);

  test("survives the ssh client being killed, and records who pushed", async () => {
    await touch(join(gates, "slow-remote"));
    const sha = (await gitIn(host, repo, ["rev-parse", "HEAD"])).stdout.trim();
    const pushing = startGit(host, repo, ["push", sshd.url("remote"), "main"], sshEnv());
    await waitFor("the build to reach the gate", () => pushing.stderr().includes("slow: waiting for the gate"));
    const [running] = await listBuilds(host, "remote");
    expect(running).toMatchObject({ display_status: "running", who: "pusher", rev: sha });
    killTree(pushing.pid); // the client side only: git push and its ssh
    expect((await pushing.done).code).not.toBe(0);
    await touch(join(gates, "gate-remote"));
    const done = await waitForBuildEnd(host, "remote");
    expect(done).toMatchObject({ id: running!.id, status: "succeeded", exit_code: 0 });
    const output = (await host.dokku(["builds:output", "remote", done.id])).stdout;
    for (const line of ["slow: after the gate 1", "slow: after the gate 2", "slow: done", "=====> Application deployed:"]) expect(output).toContain(line);
    const ref = async () => (await gitIn(host, host.root, ["--git-dir", join(host.dokkuRoot, "remote"), "rev-parse", "-q", "--verify", "refs/heads/main"])).stdout.trim();
    await waitFor("refs/heads/main to point at the deployed commit", async () => (await ref()) === sha);
    await waitFor("the deploy lock to be released", async () => (await host.dokku(["apps:locked", "remote"])).code !== 0);

    // An ordinary push afterwards: a fast-forward on top of what the runner recorded.
    const next = await commitFiles(host, repo, { "more.txt": "more\n" }, "more");
    const again = await gitIn(host, repo, ["push", sshd.url("remote"), "main"], sshEnv());
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("remote: slow: after the gate 2");
    expect(await ref()).toBe(next);
    expect((await sshd.ssh(key, "builds:list remote")).stdout).toMatch(/succeeded .* pusher\n.*succeeded .* pusher/s);
  }, T);
});
