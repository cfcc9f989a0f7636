import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dokkuCommand, run, type RunResult, type TestHost } from "./host.ts";

// Usage (tests run as root; the ssh login user is root, whose session gets the host's env via SetEnv):
//   await using host = await createTestHost();
//   await using sshd = await startSshd(host);
//   const key = await generateKey(host.root, "admin");
//   await host.dokku(["ssh-keys:add", "admin", `${key}.pub`]);
//   await sshd.ssh(key, "apps:list");
//   git: env GIT_SSH_COMMAND = sshd.clientArgs(key).join(" "), remote sshd.url("myapp").

const SSHD = "/usr/sbin/sshd";

/** A private sshd on a loopback port whose only user is root, with the test host's authorized_keys. */
export interface SshServer extends AsyncDisposable {
  readonly port: number;
  readonly dir: string;
  /** `ssh ... root@127.0.0.1 [command]` with the given private key; never throws on failure. */
  ssh(key: string, command?: string, options?: { input?: string; extra?: string[] }): Promise<RunResult>;
  /** Client argv before the destination, e.g. for `GIT_SSH_COMMAND` (paths hold no spaces). */
  clientArgs(key: string): string[];
  /** `ssh://root@127.0.0.1:PORT/<app>` for git remotes. */
  url(app: string): string;
  /** sshd's log so far (LogLevel VERBOSE on stderr). */
  log(): string;
  stop(): Promise<void>;
}

/** True when Debian's openssh-server is installed (scripts/ci-services.sh installs it). */
export function sshdAvailable(): boolean {
  return existsSync(SSHD) && existsSync("/usr/bin/ssh") && existsSync("/usr/bin/ssh-keygen");
}

/** Creates an ed25519 key pair; returns the private key path (`.pub` next to it). */
export async function generateKey(dir: string, name: string): Promise<string> {
  const file = join(dir, name);
  const r = await run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", `${name}@test`, "-f", file]);
  if (r.code !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
  return file;
}

/**
 * Starts `sshd -D -e` for `host`. The forced command in authorized_keys runs `cat <DOKKU_ROOT>/.sshcommand`,
 * so that file gets the dokku command under test; `SetEnv` hands the session the host's env
 * (the shell that runs the forced command would otherwise lose DOKKU_ROOT and friends).
 */
export async function startSshd(host: TestHost, extraEnv: Record<string, string> = {}): Promise<SshServer> {
  if (!sshdAvailable()) throw new Error("openssh-server is not installed: run `bash scripts/ci-services.sh`");
  const dir = await mkdtemp(join(tmpdir(), "dokku-sshd-"));
  await mkdir("/run/sshd", { recursive: true, mode: 0o755 }); // sshd's privilege-separation directory
  const hostKey = join(dir, "ssh_host_ed25519_key");
  const keygen = await run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey]);
  if (keygen.code !== 0) throw new Error(`ssh-keygen failed: ${keygen.stderr}`);
  await writeFile(join(host.dokkuRoot, ".sshcommand"), `${dokkuCommand().join(" ")}\n`);
  await mkdir(join(host.dokkuRoot, ".ssh"), { recursive: true, mode: 0o700 });
  const env = { ...host.env, ...extraEnv };
  delete env.PATH;
  delete env.HOME;
  const port = await freePort();
  const config = [
    `Port ${port}`,
    "ListenAddress 127.0.0.1",
    `HostKey ${hostKey}`,
    `PidFile ${join(dir, "sshd.pid")}`,
    `AuthorizedKeysFile ${join(host.dokkuRoot, ".ssh", "authorized_keys")}`,
    "StrictModes no",
    "UsePAM no",
    "PermitUserEnvironment no",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "PubkeyAuthentication yes",
    "PermitRootLogin prohibit-password",
    "AllowUsers root",
    // Forwarding stays enabled server-wide: the key's no-port-forwarding option must be what refuses it.
    "AllowTcpForwarding yes",
    "X11Forwarding no",
    "PrintMotd no",
    "PrintLastLog no",
    "LogLevel VERBOSE",
    `SetEnv ${Object.entries(env).map(([k, v]) => `${k}="${v}"`).join(" ")}`,
  ];
  await writeFile(join(dir, "sshd_config"), `${config.join("\n")}\n`);
  const child = spawn(SSHD, ["-D", "-e", "-f", join(dir, "sshd_config"), "-p", String(port)], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString("utf8")));
  await waitForListen(child, port, () => log);

  const clientArgs = (key: string) => [
    "ssh", "-F", "/dev/null", "-i", key, "-p", String(port),
    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes",
    "-o", "IdentityAgent=none", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10",
  ];
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  return {
    port,
    dir,
    clientArgs,
    ssh: (key, command, options = {}) =>
      run([...clientArgs(key), ...(options.extra ?? []), "root@127.0.0.1", ...(command === undefined ? [] : [command])], {
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir },
        input: options.input,
      }),
    url: (app) => `ssh://root@127.0.0.1:${port}/${app}`,
    log: () => log,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/** Binds port 0 on loopback to learn a free port, then releases it for sshd. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForListen(child: ChildProcess, port: number, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}:\n${log()}`);
    if (await canConnect(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill("SIGKILL");
  throw new Error(`sshd did not listen on ${port} within 10s:\n${log()}`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

