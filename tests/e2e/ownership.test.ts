// State belongs to DOKKU_SYSTEM_USER whoever writes it, and apps:destroy run as that user always
// succeeds: after root ran triggers for the app (plugin:* runs as root, as in Dokku), and after
// root made the app's data directory with `mkdir -p`. `nobody` stands in for the dokku user.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { chmod, chown, lstat, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createTestHost, dokkuCommand, run, type RunResult, type TestHost } from "../_harness/host.ts";

const TIMEOUT = 120_000;
const USER = "nobody";
const GROUP = "nogroup";
const UID = 65534;
const enabled = process.getuid?.() === 0 && existsSync("/usr/sbin/runuser");
if (!enabled) console.warn("skipping ownership tests: they need root and runuser");

let host: TestHost;
let env: Record<string, string>;

beforeAll(async () => {
  if (!enabled) return;
  host = await createTestHost();
  env = { ...host.env, HOME: host.root, DOKKU_SYSTEM_USER: USER, DOKKU_SYSTEM_GROUP: GROUP };
  await chmod(host.root, 0o755); // traversable by the system user, as /home/dokku's parents are
  for (const dir of [host.dokkuRoot, host.libRoot]) await chown(dir, UID, UID); // as install.sh does
}, TIMEOUT);
afterAll(() => host?.[Symbol.asyncDispose]());

/** dokku as root: plugin:* stays root (reference 1.4). */
const asRoot = (...args: string[]): Promise<RunResult> => run([...dokkuCommand(), ...args], { env });
/** dokku as the system user. */
const asUser = (...args: string[]): Promise<RunResult> =>
  run(["/usr/sbin/runuser", "-u", USER, "--", "env", ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...dokkuCommand(), ...args]);

/** Every path under `dir` (itself included) that does not belong to the system user. */
async function notOwned(dir: string): Promise<string[]> {
  const entries = [dir, ...(await readdir(dir, { recursive: true })).map((e) => join(dir, e))];
  const out: string[] = [];
  for (const path of entries) if ((await lstat(path)).uid !== UID) out.push(path);
  return out;
}

/** Paths under both roots whose name mentions `app`. */
async function traces(app: string): Promise<string[]> {
  const all = [...(await readdir(host.dokkuRoot, { recursive: true })), ...(await readdir(host.libRoot, { recursive: true }))];
  return all.filter((path) => path.split("/").some((part) => part === app || part.startsWith(`.${app}.`)));
}

describe.skipIf(!enabled)("ownership", () => {
  test("an app created by root-run triggers belongs to the system user, which can destroy it", async () => {
    for (const args of [["app-create", "web"], ["config-set", "--no-restart", "web", "A=1"], ["deploy-source-set", "web", "git", "x"], ["post-create", "web"]]) {
      const r = await asRoot("plugin:trigger", ...args);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
    }
    expect(await notOwned(host.dokkuRoot)).toEqual([]);
    expect(await notOwned(host.libRoot)).toEqual([]);

    const destroyed = await asUser("apps:destroy", "--force", "web");
    expect(destroyed.stderr).toBe("");
    expect(destroyed.code).toBe(0);
    expect((await asUser("apps:exists", "web")).code).toBe(20);
    expect(await traces("web")).toEqual([]);
  }, TIMEOUT);

  test("a data directory root made with mkdir -p: locking says what to fix, apps:destroy still succeeds", async () => {
    expect((await asUser("apps:create", "api")).code).toBe(0);
    const data = join(host.libRoot, "data", "apps", "api");
    await rm(data, { recursive: true, force: true });
    await mkdir(data, { recursive: true }); // root-owned, 0755: the system user cannot write here
    await writeFile(join(data, ".deploy.lock.break"), "");

    const locked = await asUser("apps:lock", "api");
    expect(locked.stderr).toBe(` !     Cannot take the lock ${data}/.deploy.lock: permission denied on ${data}\n !     As root, run: chown -R ${USER}:${GROUP} ${data}\n`);
    expect(locked.code).toBe(1);

    const destroyed = await asUser("apps:destroy", "--force", "api");
    expect(destroyed.code).toBe(0);
    expect(destroyed.stdout).toContain("Destroying api");
    expect(destroyed.stderr).toContain(`Cannot take the lock ${data}/.deploy.lock: permission denied on ${data}: destroying api without it`);
    expect(destroyed.stderr).toMatch(/As root, run: rm -rf \S+\/\.api\.removed-\d+\n/);
    expect((await asUser("apps:exists", "api")).code).toBe(20);
    expect(existsSync(data)).toBe(false);
    // The same name can be used again at once.
    expect((await asUser("apps:create", "api")).code).toBe(0);
    expect((await asUser("apps:lock", "api")).code).toBe(0);
  }, TIMEOUT);
});
