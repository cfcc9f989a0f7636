// scripts/install.sh for real: it modifies this machine, so it only runs in CI or when asked.
import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { existsSync, lstatSync, readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT, run } from "../_harness/host.ts";
import { generateKey, sshdAvailable } from "../_harness/sshd.ts";

const INSTALL = join(PROJECT_ROOT, "scripts", "install.sh");
const BINARY = join(PROJECT_ROOT, "dist", "dokku");
const enabled = process.env.CI === "true" || process.env.DOKKU_TEST_INSTALL === "1";
if (!enabled) console.warn("skipping install.sh host tests: they modify this machine; set DOKKU_TEST_INSTALL=1 (CI=true does)");

const MANAGED = [
  "/usr/bin/dokku",
  "/home/dokku",
  "/home/dokku/.ssh",
  "/home/dokku/.ssh/authorized_keys",
  "/home/dokku/.sshcommand",
  "/var/lib/dokku",
  "/var/lib/dokku/VERSION",
  "/var/lib/dokku/config",
  "/var/lib/dokku/data",
  "/var/lib/dokku/plugins/available",
  "/var/lib/dokku/plugins/enabled",
  "/var/log/dokku",
  "/etc/nginx/conf.d/dokku.conf",
  "/etc/sudoers.d/dokku-nginx",
  "/etc/systemd/system/dokku-restore.service",
  "/etc/systemd/system/dokku-retire.service",
  "/etc/systemd/system/dokku-retire.timer",
];

/** `path mode owner sha256` for every managed path that exists: the "checksum listing". */
function listing(): string {
  return MANAGED.filter((path) => existsSync(path))
    .map((path) => {
      const info = lstatSync(path);
      const hash = info.isFile() ? createHash("sha256").update(readFileSync(path)).digest("hex") : "dir";
      return `${path} ${(info.mode & 0o7777).toString(8)} ${info.uid}:${info.gid} ${hash}`;
    })
    .join("\n");
}

const BASE_ENV = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/root" };
const install = (...args: string[]) => run(["bash", INSTALL, ...args], { env: BASE_ENV });
const systemd = existsSync("/run/systemd/system");

/**
 * A copy of this checkout whose install.sh builds it, with an old `dist/dokku` already there: a
 * working stand-in that calls the real binary, so an installer that ignored a failed build would
 * install it and succeed.
 */
async function checkoutCopy(linkNodeModules: boolean): Promise<{ dir: string; stale: string } & AsyncDisposable> {
  const dir = await mkdtemp(join(tmpdir(), "dokku-install-checkout-"));
  for (const name of ["package.json", "package-lock.json", "tsconfig.json", "bunfig.toml", "src", "plugins", "scripts"]) {
    await cp(join(PROJECT_ROOT, name), join(dir, name), { recursive: true });
  }
  if (linkNodeModules) await symlink(join(PROJECT_ROOT, "node_modules"), join(dir, "node_modules"));
  const stale = `#!/bin/sh\n# stale dist/dokku\nexec ${BINARY} "$@"\n`;
  await mkdir(join(dir, "dist"));
  await writeFile(join(dir, "dist", "dokku"), stale, { mode: 0o755 });
  return { dir, stale, [Symbol.asyncDispose]: () => rm(dir, { recursive: true, force: true }) };
}

const installed = () => (existsSync("/usr/bin/dokku") ? readFileSync("/usr/bin/dokku") : undefined);

/** Stops the daemon whose pid is in `pidfile`, when one runs, and waits until it is gone. */
async function stopDaemon(pidfile: string): Promise<void> {
  const pid = existsSync(pidfile) ? Number(readFileSync(pidfile, "utf8").trim()) : 0;
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!pid || !alive()) return;
  process.kill(pid, "SIGTERM");
  for (let i = 0; alive() && i < 200; i++) await new Promise((ok) => setTimeout(ok, 50));
  expect(alive()).toBe(false);
}

function daemonRunning(pidfile: string): boolean {
  if (!existsSync(pidfile)) return false;
  try {
    process.kill(Number(readFileSync(pidfile, "utf8").trim()), 0);
    return true;
  } catch {
    return false;
  }
}

describe("install.sh", () => {
  test("refuses a system that is not Debian or Ubuntu, before touching anything", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dokku-os-"));
    try {
      await writeFile(join(dir, "os-release"), 'ID=fedora\nPRETTY_NAME="Fedora Linux 40"\n');
      const r = await run(["bash", INSTALL, "--binary", BINARY], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", DOKKU_INSTALL_OS_RELEASE: join(dir, "os-release") } });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(" !     Unsupported system: Fedora Linux 40 (install.sh supports Debian and Ubuntu)\n");
      expect(r.stdout).toBe("");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("rejects unknown options and odd versions", async () => {
    expect((await install("--bogus")).stderr).toContain("Unknown option: --bogus");
    expect((await install("--version", "../../etc")).stderr).toContain("Invalid --version");
    expect((await install("--purge")).stderr).toContain("--purge only goes with --uninstall");
  });

  test.skipIf(!enabled)(
    "installs, a second run changes nothing, uninstall keeps data and a reinstall restores it",
    async () => {
      const first = await install("--binary", BINARY);
      expect(first.stderr).not.toContain(" !     ");
      expect(first.code).toBe(0);
      const installed = listing();
      expect(installed).toContain("/usr/bin/dokku 755 0:0");

      const second = await install("--binary", BINARY);
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(/=====> dokku \S+ installed: no changes\n/);
      expect(listing()).toBe(installed);

      const asRoot = await run(["/usr/bin/dokku", "apps:list", "--format", "json"], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin" }, cwd: "/" });
      expect(asRoot.stderr).toBe("");
      expect(asRoot.code).toBe(0);

      const removed = await install("--uninstall");
      expect(removed.code).toBe(0);
      expect(existsSync("/usr/bin/dokku")).toBe(false);
      expect(existsSync("/etc/sudoers.d/dokku-nginx")).toBe(false);
      expect(existsSync("/home/dokku/.ssh/authorized_keys")).toBe(true);
      expect(existsSync("/var/lib/dokku/VERSION")).toBe(true);

      const again = await install("--binary", BINARY);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain("created /usr/bin/dokku");
      expect(listing()).toBe(installed);
    },
    900_000,
  );

  test.skipIf(!enabled)(
    "a failed build stops the installer with the build's own error and installs nothing, not the stale dist/dokku",
    async () => {
      await using checkout = await checkoutCopy(true);
      await writeFile(join(checkout.dir, "src", "main.ts"), "export const broken = ;\n", { flag: "a" });
      const before = installed();
      const r = await run(["bash", join(checkout.dir, "scripts", "install.sh"), "--no-deps"], { env: BASE_ENV });
      expect(r.stderr).toContain("main.ts"); // bun's own error names the file it could not parse
      expect(r.stderr).toContain(` !     npm run build failed in ${checkout.dir} (exit 1; its output is above): nothing was installed\n`);
      expect(r.stderr).not.toContain("is not a working dokku binary");
      expect(r.stdout).not.toContain("installed");
      expect(r.code).toBe(1);
      expect(installed()).toEqual(before);
      expect(installed()?.toString()).not.toBe(checkout.stale);
    },
    900_000,
  );

  test.skipIf(!enabled)(
    "npm ci failing (unreachable registry, empty cache) stops the installer with npm's own error",
    async () => {
      await using checkout = await checkoutCopy(false);
      const before = installed();
      const env = {
        ...BASE_ENV,
        npm_config_registry: "http://127.0.0.1:9/",
        npm_config_cache: join(checkout.dir, "npm-cache"),
        npm_config_fetch_retries: "0",
      };
      const r = await run(["bash", join(checkout.dir, "scripts", "install.sh"), "--no-deps"], { env });
      expect(r.stderr).toContain("ECONNREFUSED");
      expect(r.stderr).toMatch(/ !     npm ci failed in \S+ \(exit \d+; its output is above\): nothing was installed\n/);
      expect(r.stdout).not.toContain("installed");
      expect(r.code).toBe(1);
      expect(installed()).toEqual(before);
    },
    900_000,
  );

  test.skipIf(!enabled || !sshdAvailable())(
    "leaves dockerd, sshd and nginx running (started when down without systemd), and dokku@ over the host's sshd runs commands as the dokku user",
    async () => {
      if (!systemd) {
        await stopDaemon("/run/sshd.pid");
        await stopDaemon("/run/nginx.pid");
      }
      const r = await install("--binary", BINARY);
      expect(r.stderr).not.toContain(" !     ");
      expect(r.code).toBe(0);
      if (!systemd) {
        expect(r.stdout).toMatch(/\n {7}started sshd \(pid \d+\)\n/);
        expect(r.stdout).toMatch(/\n {7}started nginx \(pid \d+\)\n/);
        expect(existsSync("/run/sshd")).toBe(true);
        expect(daemonRunning("/run/sshd.pid")).toBe(true);
        expect(daemonRunning("/run/nginx.pid")).toBe(true);
      }
      expect((await run(["docker", "info", "--format", "{{.ServerVersion}}"], { env: BASE_ENV })).code).toBe(0);
      const again = await install("--binary", BINARY);
      expect(again.stdout).toMatch(/=====> dokku \S+ installed: no changes\n/);

      const dir = await mkdtemp(join(tmpdir(), "dokku-real-ssh-"));
      const key = await generateKey(dir, "installtest");
      const name = `installtest-${process.pid}`;
      const env = { PATH: BASE_ENV.PATH };
      expect((await run(["/usr/bin/dokku", "ssh-keys:add", name, `${key}.pub`], { env })).code).toBe(0);
      const ssh = (command: string) =>
        run(["ssh", "-F", "/dev/null", "-i", key, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "dokku@127.0.0.1", command], { env: { ...env, HOME: dir } });
      try {
        expect((await ssh("version")).stdout).toMatch(/^dokku version /);
        expect((await ssh("ssh-keys:list")).stdout).toContain(`NAME="${name}"`);
        expect((await ssh(`ssh-keys:remove ${name}`)).stderr).toContain("This command must be run as root");
      } finally {
        await run(["/usr/bin/dokku", "ssh-keys:remove", name], { env });
        await rm(dir, { recursive: true, force: true });
      }
    },
    900_000,
  );
});
