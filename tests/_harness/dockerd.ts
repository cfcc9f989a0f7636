// A private Docker daemon for tests and benches that restart dockerd: the machine's daemon is
// shared with other suites and must never be restarted. It has its own data and exec roots, its
// own socket and its own Linux bridge (on a subnet of its own), no iptables rules, and the test
// images copied from the main daemon. Runs as root (dockerd needs it).
import { type ChildProcess, spawn } from "node:child_process";
import { randomInt } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { processAlive } from "../../src/core/process.ts";
import { type RunResult, run } from "./host.ts";

export interface PrivateDockerd extends AsyncDisposable {
  /** `unix:///...`: give it to dokku as DOCKER_HOST. */
  readonly host: string;
  /** Gateway address of its bridge (10.X.0.1); containers on the default bridge get 10.X.0.N. */
  readonly gateway: string;
  docker(args: readonly string[], options?: { input?: string }): Promise<RunResult>;
  /** Stops dockerd (as a reboot or an upgrade would) and starts it again on the same state. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** True when this process may run a second dockerd (root, with dockerd and iproute2 installed). */
export function privateDockerdAvailable(): boolean {
  return process.getuid?.() === 0 && existsSync("/usr/sbin/dockerd") && existsSync("/usr/sbin/ip");
}

export async function startPrivateDockerd(images: readonly string[]): Promise<PrivateDockerd> {
  // Short paths: containerd's socket lives under the exec root and unix socket paths are short.
  const dir = await mkdtemp("/tmp/dkd-");
  const octet = 200 + randomInt(50);
  const bridge = `dkd${octet}x${randomInt(1000)}`;
  const gateway = `10.${octet}.0.1`;
  const socket = join(dir, "docker.sock");
  const host = `unix://${socket}`;
  const pidFile = join(dir, "docker.pid");
  await mkdir(join(dir, "data"));
  await must(run(["ip", "link", "add", "name", bridge, "type", "bridge"]), "ip link add");
  await must(run(["ip", "addr", "add", `${gateway}/24`, "dev", bridge]), "ip addr add");
  await must(run(["ip", "link", "set", bridge, "up"]), "ip link set up");
  // No --default-address-pool: a dockerd started with one deletes the host's `docker0` when it
  // restarts (moby's configureNetworking clears its stale default network, then removes the link
  // named docker0 whatever --bridge says), which cut every container of the machine's daemon off
  // its network. No --bridge=none either, for the same reason (see scripts/docker-up.sh).
  const args = [
    "--data-root", join(dir, "data"), "--exec-root", join(dir, "exec"), "--pidfile", pidFile, "-H", host,
    "--bridge", bridge, "--iptables=false", "--ip-masq=false",
  ];
  const docker = (argv: readonly string[], options: { input?: string } = {}) =>
    run(["docker", ...argv], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/root", DOCKER_HOST: host }, input: options.input });
  let daemon: ChildProcess | undefined;

  const start = async () => {
    daemon = spawn("dockerd", args, { stdio: "ignore", detached: true });
    daemon.unref();
    await waitUntil("the private dockerd to answer", async () => (await docker(["info", "--format", "{{.ServerVersion}}"])).code === 0, 60_000);
  };
  const halt = async () => {
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8").trim()) : daemon?.pid;
    if (!pid) return;
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      return;
    }
    await waitUntil("the private dockerd to stop", async () => !alive(pid), 60_000);
  };

  await start();
  for (const image of images) await copyImage(image, host);

  const stop = async () => {
    const ids = (await docker(["ps", "-aq"])).stdout.split("\n").filter(Boolean);
    if (ids.length > 0) await docker(["rm", "-f", ...ids]);
    await docker(["network", "prune", "-f"]);
    await halt();
    await run(["umount", join(dir, "data")]);
    await run(["ip", "link", "delete", bridge]);
    await rm(dir, { recursive: true, force: true });
  };
  return {
    host,
    gateway,
    docker,
    restart: async () => {
      const hostBridge = await linkExists(HOST_BRIDGE);
      await halt();
      await start();
      if (hostBridge && !(await linkExists(HOST_BRIDGE))) throw new Error(`the private dockerd's restart deleted the host's ${HOST_BRIDGE} bridge`);
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/** `docker image save IMAGE` on the main daemon piped into `docker image load` on the daemon at `host`. */
export function copyImage(image: string, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const save = spawn("docker", ["-H", "unix:///var/run/docker.sock", "image", "save", image], { stdio: ["ignore", "pipe", "inherit"] });
    const load = spawn("docker", ["-H", host, "image", "load"], { stdio: ["pipe", "ignore", "inherit"] });
    save.stdout.pipe(load.stdin);
    save.on("error", reject);
    load.on("error", reject);
    save.on("close", (code) => code !== 0 && reject(new Error(`docker image save ${image} failed`)));
    load.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`docker image load of ${image} into ${host} failed`))));
  });
}

const alive = (pid: number) => processAlive(pid);

/** The machine's daemon's bridge, which a private daemon must never touch. */
const HOST_BRIDGE = "docker0";

async function linkExists(name: string): Promise<boolean> {
  return (await run(["ip", "link", "show", name])).code === 0;
}

async function must(result: Promise<RunResult>, what: string): Promise<void> {
  const r = await result;
  if (r.code !== 0) throw new Error(`${what} failed: ${r.stderr}`);
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
