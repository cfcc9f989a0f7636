// What killed processes leave behind never blocks the next command: an empty `.ENV.lock`, a
// recovery breaker of an earlier version, temp files and archive work directories.
import { describe, expect, test } from "bun:test";
import { spawn, spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { mkdir, readdir, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createTestHost, dokkuCommand, type TestHost } from "../_harness/host.ts";
import { generateKey } from "../_harness/sshd.ts";

const TIMEOUT = 120_000;

/** A pid that certainly belonged to a process which has exited (spawned and reaped). */
const deadPid = () => spawnSync("sleep", ["0"]).pid!;
const holder = (pid: number) => JSON.stringify({ pid, start: "", host: hostname(), command: "test", since: new Date().toISOString() });

async function hostWithApp(app: string): Promise<TestHost> {
  const host = await createTestHost();
  expect((await host.dokku(["apps:create", app])).code).toBe(0);
  return host;
}

describe("leftovers of killed processes", () => {
  test("an empty .ENV.lock left 30 s ago does not block config:set (issue reproduction)", async () => {
    await using host = await hostWithApp("web");
    const lock = join(host.libRoot, "config", "web", ".ENV.lock");
    await writeFile(lock, "");
    const past = new Date(Date.now() - 30_000);
    await utimes(lock, past, past);
    const r = await host.dokku(["config:set", "--no-restart", "web", "A=1"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect((await host.dokku(["config:get", "web", "A"])).stdout).toBe("1\n");
    expect(await readdir(join(host.libRoot, "config", "web"))).toEqual(["ENV"]);
  }, TIMEOUT);

  test("an empty deploy lock made by hand is still Dokku's apps:lock", async () => {
    await using host = await hostWithApp("web");
    const lock = join(host.libRoot, "data", "apps", "web", ".deploy.lock");
    await writeFile(lock, "");
    const past = new Date(Date.now() - 3_600_000);
    await utimes(lock, past, past);
    expect((await host.dokku(["apps:locked", "web"])).code).toBe(0);
    const r = await host.dokku(["apps:destroy", "--force", "web"]);
    expect(r.stderr).toContain("web currently has a deploy lock in place. Exiting...");
    expect(r.code).toBe(1);
  }, TIMEOUT);

  test("100 config:set runs killed at random points leave a consistent ENV and nothing that blocks", async () => {
    await using host = await hostWithApp("web");
    const [command, ...args] = dokkuCommand();
    const started = Date.now();
    expect((await host.dokku(["config:set", "--no-restart", "web", "BASE=1"])).code).toBe(0);
    const span = Math.max(Date.now() - started, 20); // one run's length on this machine, now
    let kills = 0;
    const killed = async (i: number) => {
      const child = spawn(command!, [...args, "config:set", "--no-restart", "web", `K${i}=v${i}`], { env: host.env, stdio: "ignore" });
      const timer = setTimeout(() => child.kill("SIGKILL"), Math.random() * span * 1.2);
      const signal = await new Promise((resolve) => child.once("close", (_code, signal) => resolve(signal)));
      clearTimeout(timer);
      if (signal === "SIGKILL") kills++;
    };
    for (let i = 0; i < 100; i += 2) await Promise.all([killed(i), killed(i + 1)]);
    expect(kills).toBeGreaterThan(0);
    console.log(`killed ${kills} of 100 config:set runs`);

    const final = await host.dokku(["config:set", "--no-restart", "web", "FINAL=yes"]);
    expect(final.stderr).toBe("");
    expect(final.code).toBe(0);
    const env = JSON.parse((await host.dokku(["config:export", "--format", "json", "web"])).stdout) as Record<string, string>;
    expect(env).toMatchObject({ BASE: "1", FINAL: "yes" });
    for (const [key, value] of Object.entries(env)) if (key.startsWith("K")) expect(value).toBe(`v${key.slice(1)}`);
    expect(await readdir(join(host.libRoot, "config", "web"))).toEqual(["ENV"]);
  }, TIMEOUT);

  test("a stale .authorized_keys.lock.break does not hold up ssh-keys:add and is cleaned up", async () => {
    await using host = await createTestHost();
    const key = await generateKey(host.root, "admin");
    const ssh = join(host.dokkuRoot, ".ssh");
    await mkdir(ssh, { recursive: true, mode: 0o700 });
    await writeFile(join(ssh, ".authorized_keys.lock"), holder(deadPid()));
    // An earlier version's breaker, from a recoverer that died; its clock says "just now" forever.
    await writeFile(join(ssh, ".authorized_keys.lock.break"), holder(deadPid()));
    const future = new Date(Date.now() + 3_600_000);
    await utimes(join(ssh, ".authorized_keys.lock.break"), future, future);
    await writeFile(join(ssh, `.authorized_keys.${deadPid()}--aaaaaaaaaaaa.tmp`), "half a file");
    const r = await host.dokku(["ssh-keys:add", "admin", `${key}.pub`]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect((await readdir(ssh)).sort()).toEqual(["authorized_keys"]);
  }, TIMEOUT);

  test("git:from-archive removes work directories of killed runs, and only those", async () => {
    await using host = await hostWithApp("arc");
    const tmp = join(host.root, "tmp");
    const dead = [`dokku-${deadPid()}-git-from-archive.AbC123`, `dokku-${deadPid()}-git_build_app_repo.XyZ789`];
    const live = [`dokku-${process.pid}-git-from-archive.LiVe01`, `dokku-${deadPid()}-something-else.Other1`];
    for (const name of [...dead, ...live]) await mkdir(join(tmp, name, "build"), { recursive: true });
    const r = await host.dokku(["git:from-archive", "arc", join(host.root, "missing.tar")], { env: { TMPDIR: tmp } });
    expect(r.code).not.toBe(0); // the archive does not exist: the run fails after making its work directory
    expect((await readdir(tmp)).sort()).toEqual(live.sort());
  }, TIMEOUT);
});
