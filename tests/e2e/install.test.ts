// scripts/install.sh for real: it modifies this machine, so it only runs in CI or when asked.
import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { existsSync, lstatSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { PROJECT_ROOT, run } from "../_harness/host.ts";
import { freePort, generateKey, sshdAvailable } from "../_harness/sshd.ts";

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

const install = (...args: string[]) => run(["bash", INSTALL, ...args], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/root" } });

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

  test.skipIf(!enabled || !sshdAvailable())(
    "on the installed host, dokku@ over Debian's own sshd_config runs commands as the dokku user",
    async () => {
      expect((await install("--binary", BINARY)).code).toBe(0);
      const dir = await mkdtemp(join(tmpdir(), "dokku-real-ssh-"));
      const key = await generateKey(dir, "installtest");
      const name = `installtest-${process.pid}`;
      const env = { PATH: process.env.PATH ?? "/usr/bin:/bin" };
      expect((await run(["/usr/bin/dokku", "ssh-keys:add", name, `${key}.pub`], { env })).code).toBe(0);
      const port = await freePort();
      const sshd = spawn("/usr/sbin/sshd", ["-D", "-e", "-p", String(port), "-o", "ListenAddress=127.0.0.1", "-o", `PidFile=${join(dir, "pid")}`], { stdio: "ignore" });
      const ssh = (command: string) =>
        run(["ssh", "-F", "/dev/null", "-i", key, "-p", String(port), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "dokku@127.0.0.1", command], { env: { ...env, HOME: dir } });
      try {
        let r = await ssh("version");
        for (let i = 0; r.code === 255 && i < 50; i++, r = await ssh("version")) await new Promise((ok) => setTimeout(ok, 100));
        expect(r.stdout).toMatch(/^dokku version /);
        const keys = await ssh("ssh-keys:list");
        expect(keys.stdout).toContain(`NAME="${name}"`);
        expect((await ssh(`ssh-keys:remove ${name}`)).stderr).toContain("This command must be run as root");
      } finally {
        const exited = new Promise((resolve) => sshd.once("exit", resolve));
        sshd.kill("SIGTERM");
        await exited;
        await run(["/usr/bin/dokku", "ssh-keys:remove", name], { env });
        await rm(dir, { recursive: true, force: true });
      }
    },
    900_000,
  );
});
