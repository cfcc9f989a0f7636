// What a key may do over ssh: user-auth plugins decide per NAME; the key's options forbid forwarding.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawn } from "node:child_process";
import { mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { join } from "node:path";
import { createTestHost, type TestHost } from "../_harness/host.ts";
import { freePort, generateKey, sshdAvailable, startSshd, type SshServer } from "../_harness/sshd.ts";

const skip = !sshdAvailable();
if (skip) console.warn("skipping tests/e2e/ssh-auth.test.ts: openssh-server missing (run `bash scripts/ci-services.sh`)");

const TIMEOUT = 60_000; // each ssh round trip spawns sshd children and a dokku process

describe.skipIf(skip)("ssh authorization", () => {
  let host: TestHost;
  let sshd: SshServer;
  let admin: string;
  let eve: string;

  beforeAll(async () => {
    host = await createTestHost();
    sshd = await startSshd(host);
    admin = await generateKey(host.root, "admin");
    eve = await generateKey(host.root, "eve");
    expect((await host.dokku(["ssh-keys:add", "admin", `${admin}.pub`])).code).toBe(0);
    expect((await host.dokku(["ssh-keys:add", "eve", `${eve}.pub`])).code).toBe(0);
  }, TIMEOUT);

  afterAll(async () => {
    await sshd?.stop();
    await host?.[Symbol.asyncDispose]();
  }, TIMEOUT);

  test("a user-auth plugin sees SSH_USER and the key's NAME and can deny a command", async () => {
    const plugins = join(host.libRoot, "plugins");
    const dir = join(plugins, "available", "deny-eve");
    const seen = join(host.root, "user-auth.log");
    await mkdir(dir, { recursive: true });
    await mkdir(join(plugins, "enabled"), { recursive: true });
    await writeFile(join(dir, "plugin.toml"), '[plugin]\ndescription = "deny eve"\nversion = "0.1.0"\n');
    const script = `#!/bin/sh\necho "$*" >> '${seen}'\n[ "$2" = "eve" ] && exit 1\nexit 0\n`;
    await writeFile(join(dir, "user-auth"), script, { mode: 0o755 });
    await symlink(dir, join(plugins, "enabled", "deny-eve"));
    try {
      const denied = await sshd.ssh(eve, "apps:list");
      expect(denied.code).toBe(1);
      expect(denied.stderr).toContain(" !     Access denied");
      const allowed = await sshd.ssh(admin, "apps:list --format json");
      expect(allowed.code).toBe(0);
      expect(allowed.stdout.trim()).toBe("[]");
      expect(await readFile(seen, "utf8")).toBe("root eve apps:list\nroot admin apps:list --format json\n");
    } finally {
      await rm(join(plugins, "enabled", "deny-eve"), { force: true });
    }
    expect((await sshd.ssh(eve, "apps:list")).code).toBe(0);
  }, TIMEOUT);

  test("remote port forwarding is refused", async () => {
    const target = await freePort();
    const r = await sshd.ssh(admin, undefined, { extra: ["-N", "-o", "ExitOnForwardFailure=yes", "-R", `127.0.0.1:${target}:127.0.0.1:${sshd.port}`] });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("remote port forwarding failed");
  }, TIMEOUT);

  test("local port forwarding is refused: nothing comes through the tunnel", async () => {
    const local = await freePort();
    const argv = [...sshd.clientArgs(admin), "-N", "-L", `127.0.0.1:${local}:127.0.0.1:${sshd.port}`, "root@127.0.0.1"];
    const tunnel = spawn(argv[0]!, argv.slice(1), { stdio: ["ignore", "ignore", "pipe"], env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: host.root } });
    let stderr = "";
    tunnel.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
    try {
      const received = await readThroughTunnel(local);
      // Without the key's no-port-forwarding this would be sshd's own "SSH-2.0-" banner.
      expect(received).not.toContain("SSH-");
      expect(sshd.log()).toContain("refused local port forward");
    } finally {
      tunnel.kill("SIGTERM");
    }
    expect(stderr).not.toContain("Permission denied");
  }, TIMEOUT);
});

/** Connects to the client's forwarded port (retrying until ssh listens) and collects what arrives. */
async function readThroughTunnel(port: number): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const result = await new Promise<string | undefined>((resolve) => {
      let data = "";
      const socket = connect(port, "127.0.0.1");
      socket.setTimeout(3000, () => socket.destroy());
      socket.on("data", (c: Buffer) => (data += c.toString()));
      socket.once("error", () => resolve(undefined));
      socket.once("close", (hadError) => resolve(hadError && data === "" ? undefined : data));
    });
    if (result !== undefined) return result;
    if (Date.now() > deadline) throw new Error(`ssh did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
