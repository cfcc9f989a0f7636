// ssh -> sshd forced command -> dokku: the authorized_keys line ssh-keys writes, run by a real sshd.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { createTestHost, type TestHost } from "../_harness/host.ts";
import { generateKey, sshdAvailable, startSshd, type SshServer } from "../_harness/sshd.ts";

const skip = !sshdAvailable();
if (skip) console.warn("skipping tests/e2e/ssh.test.ts: openssh-server missing (run `bash scripts/ci-services.sh`)");

const TIMEOUT = 60_000; // each ssh round trip spawns sshd children and a dokku process

describe.skipIf(skip)("dokku over ssh", () => {
  let host: TestHost;
  let sshd: SshServer;
  let key: string;
  const markers: string[] = [];
  const marker = () => {
    const path = `/tmp/dokku-pwned-${randomUUID()}`;
    markers.push(path);
    return path;
  };

  beforeAll(async () => {
    host = await createTestHost();
    sshd = await startSshd(host);
    key = await generateKey(host.root, "admin");
    const added = await host.dokku(["ssh-keys:add", "admin", `${key}.pub`]);
    expect(added.code).toBe(0);
  }, TIMEOUT);

  afterAll(async () => {
    await sshd?.stop();
    await host?.[Symbol.asyncDispose]();
    for (const path of markers) await rm(path, { force: true });
  }, TIMEOUT);

  test("the forced command runs dokku commands", async () => {
    const empty = await sshd.ssh(key, "apps:list");
    expect(empty.stderr).toContain("You haven't deployed any applications yet");
    expect(empty.code).toBe(0);
    const created = await sshd.ssh(key, "apps:create sshapp");
    expect(created.stdout).toContain("Creating sshapp");
    expect(created.code).toBe(0);
    const listed = await sshd.ssh(key, "apps:list");
    expect(listed.stdout).toBe("=====> My Apps\nsshapp\n");
    expect(existsSync(join(host.dokkuRoot, "sshapp"))).toBe(true);
  }, TIMEOUT);

  test("ssh without a command prints help (no TTY: without the header, as Dokku)", async () => {
    const r = await sshd.ssh(key);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("Usage: dokku");
    expect(r.stdout).toMatch(/^ {4}ssh-keys +\S/m);
  }, TIMEOUT);

  test("quotes group words the way xargs does, and the result is one argument", async () => {
    const r = await sshd.ssh(key, `apps:create "quoted"`);
    expect(r.code).toBe(0);
    expect((await sshd.ssh(key, "apps:exists 'quoted'")).code).toBe(0);
  }, TIMEOUT);

  test("shell syntax in the command is never executed", async () => {
    const payloads = [
      (m: string) => `apps:create a; touch ${m}`,
      (m: string) => `apps:list && touch ${m}`,
      (m: string) => `apps:list | touch ${m}`,
      (m: string) => `$(touch ${m})`,
      (m: string) => `apps:create \`touch ${m}\``,
      (m: string) => `apps:list\ntouch ${m}`,
      (m: string) => `apps:list "$(touch ${m})"`,
      (m: string) => `apps:list '; touch ${m}; '`,
      (m: string) => `apps:list > ${m}`,
    ];
    for (const payload of payloads) {
      const path = marker();
      const r = await sshd.ssh(key, payload(path));
      expect(existsSync(path)).toBe(false);
      expect(r.stdout).not.toContain("uid=");
    }
    const ls = await sshd.ssh(key, "ls; id");
    expect(ls.code).toBe(1);
    expect(ls.stderr).toContain("`ls; id` is not a dokku command.");
    expect(ls.stdout).not.toContain("uid=");
    const unmatched = await sshd.ssh(key, `apps:list "oops`);
    expect(unmatched.code).toBe(1);
    expect(unmatched.stderr).toContain("Unmatched double quote");
  }, TIMEOUT);

  test("a key that is not in authorized_keys is refused", async () => {
    const stranger = await generateKey(host.root, "stranger");
    const r = await sshd.ssh(stranger, "apps:list");
    expect(r.code).toBe(255);
    expect(r.stderr).toContain("Permission denied");
  }, TIMEOUT);

  test("after ssh-keys:remove the key is refused", async () => {
    const other = await generateKey(host.root, "temp");
    expect((await host.dokku(["ssh-keys:add", "temp", `${other}.pub`])).code).toBe(0);
    expect((await sshd.ssh(other, "version")).code).toBe(0);
    const removed = await host.dokku(["ssh-keys:remove", "temp"]);
    expect(removed.code).toBe(0);
    const r = await sshd.ssh(other, "version");
    expect(r.code).toBe(255);
    expect(r.stderr).toContain("Permission denied");
    expect((await sshd.ssh(key, "version")).code).toBe(0);
    const byFingerprint = await generateKey(host.root, "temp2");
    const fp = (await host.dokku(["ssh-keys:add", "temp2", `${byFingerprint}.pub`])).stdout.trim();
    expect((await host.dokku(["ssh-keys:remove", "--fingerprint", fp])).code).toBe(0);
    expect((await sshd.ssh(byFingerprint, "version")).code).toBe(255);
    expect(await readFile(join(host.dokkuRoot, ".ssh", "authorized_keys"), "utf8")).not.toContain("temp");
  }, TIMEOUT);
});
