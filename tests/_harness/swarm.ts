// A two-node Docker Swarm on one machine for the swarm scheduler's tests: two PRIVATE dockerds,
// each in a network namespace of its own (a veth pair per node to a test bridge on the host, a
// /24 of its own in 10.230-249.X.0), each with its own data root, exec root, pidfile, unix socket
// and hostname. Node 1 is `swarm init`ed as manager, node 2 joins as worker. A docker-registry on
// the bridge address (insecure-allowed in both nodes) carries images between them.
//
// Safety, after the docker0 incident (COMMON.md): nothing here touches the machine's dockerd or
// its docker0 bridge. The node daemons run with defaults INSIDE their namespaces (their docker0,
// iptables rules and swarm ports live there); on the host there is only our bridge, our veths,
// one DOCKER-USER rule letting frames cross our bridge (bridged traffic goes through the host's
// FORWARD chain, whose policy dockerd sets to DROP), and our directories. Every name starts with
// `dksw` and records its owner's pid, so a later run sweeps what a killed run left behind.
import { type ChildProcess, spawn } from "node:child_process";
import { randomInt } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { copyImage } from "./dockerd.ts";
import { type RunResult, run } from "./host.ts";
import { startRegistry, type TestRegistry } from "./registry.ts";

const PREFIX = "dksw";

export interface SwarmNode {
  /** `dksw<k>-n1`: its netns name and its hostname (the swarm node's name). */
  readonly name: string;
  /** `unix:///tmp/dksw.../docker.sock`: give it to dokku or docker as DOCKER_HOST. */
  readonly host: string;
  /** Its address on the test bridge (10.A.B.1N). */
  readonly address: string;
  docker(args: readonly string[], options?: { input?: string; timeoutMs?: number }): Promise<RunResult>;
  /** Stops the daemon (SIGTERM; its containers stop with it), as a crashed or rebooted node would. */
  stop(): Promise<void>;
  /** Starts it again on the same state: it rejoins the swarm by itself. */
  start(): Promise<void>;
}

export interface SwarmWorld extends AsyncDisposable {
  readonly manager: SwarmNode;
  readonly worker: SwarmNode;
  readonly nodes: readonly SwarmNode[];
  /** On the bridge address, reachable from both nodes; `registry.address` is `10.A.B.1:PORT`. */
  readonly registry: TestRegistry;
  /** Copies images from the machine's daemon into every node (`docker save | docker load`). */
  loadImages(images: readonly string[]): Promise<void>;
  /** `swarm join-token -q worker` and the manager's address: what `cluster:add` needs. */
  joinToken(): Promise<string>;
}

/** Undefined when a swarm world can run here, else why not (root, dockerd, iproute2, nsenter, unshare, iptables). */
export function swarmSkipReason(): string | undefined {
  const tools = ["/usr/sbin/dockerd", "/usr/sbin/ip", "/usr/bin/nsenter", "/usr/bin/unshare", "/usr/sbin/iptables"];
  const missing = tools.filter((t) => !existsSync(t));
  let reason: string | undefined;
  if (process.getuid?.() !== 0) reason = "not root (private dockerds and network namespaces need it)";
  else if (missing.length > 0) reason = `missing ${missing.join(", ")}`;
  if (reason && process.env.DOKKU_IT_REQUIRED === "1") throw new Error(`the swarm world is required (DOKKU_IT_REQUIRED=1) but ${reason}`);
  if (reason) process.stderr.write(`SKIP swarm tests: ${reason}\n`);
  return reason;
}

/**
 * Builds the world (bounded: about a minute when the machine is idle) and sweeps earlier
 * leftovers first. `form: false` leaves both engines outside any swarm (the scheduler's own
 * `initialize` and `cluster:add` form it).
 */
export async function startSwarmWorld({ form = true, timeoutMs = 180_000 }: { form?: boolean; timeoutMs?: number } = {}): Promise<SwarmWorld> {
  await sweepSwarmLeftovers();
  const deadline = Date.now() + timeoutMs;
  const k = await freeNetworkId();
  const subnet = `10.${k.a}.${k.b}`;
  const dir = await mkdtemp(`/tmp/${PREFIX}-`);
  const tag = `${PREFIX}${k.id}`;
  const bridge = `${tag}br`;
  const rule = ["DOCKER-USER", "-i", bridge, "-o", bridge, "-m", "comment", "--comment", tag, "-j", "ACCEPT"];
  await writeFile(join(dir, "owner"), `${process.pid}\n${tag}\n`);
  const cleanups: (() => Promise<unknown>)[] = [];
  const dispose = async () => {
    for (const step of cleanups.reverse()) await step().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await must(run(["ip", "link", "add", "name", bridge, "type", "bridge"]), "ip link add bridge");
    cleanups.push(() => run(["ip", "link", "delete", bridge]));
    await must(run(["ip", "addr", "add", `${subnet}.1/24`, "dev", bridge]), "ip addr add");
    await must(run(["ip", "link", "set", bridge, "up"]), "ip link set up");
    await must(run(["iptables", "-I", ...rule]), "iptables -I DOCKER-USER");
    cleanups.push(() => run(["iptables", "-D", ...rule]));

    const registry = await startRegistry(`${subnet}.1`);
    cleanups.push(async () => registry[Symbol.asyncDispose]());
    await writeFile(join(dir, "registry"), `${registry.pid}\n${registry.dir}\n`);

    const nodes: SwarmNode[] = [];
    for (const i of [1, 2]) {
      const node = await createNode(dir, tag, bridge, subnet, i, registry.address, deadline);
      cleanups.push(() => node.remove());
      nodes.push(node.node);
    }
    const [manager, worker] = nodes as [SwarmNode, SwarmNode];
    if (form) await formSwarm(manager, worker, deadline);

    return {
      manager,
      worker,
      nodes,
      registry,
      async loadImages(images) {
        await Promise.all(nodes.flatMap((node) => images.map((image) => copyImage(image, node.host))));
      },
      joinToken: async () => (await must(manager.docker(["swarm", "join-token", "-q", "worker"]), "swarm join-token")).stdout.trim(),
      [Symbol.asyncDispose]: dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** `swarm init` on the manager, `swarm join` of the worker, both Ready (bounded by `deadline`). */
async function formSwarm(manager: SwarmNode, worker: SwarmNode, deadline: number): Promise<void> {
  await must(manager.docker(["swarm", "init", "--advertise-addr", manager.address, "--listen-addr", `${manager.address}:2377`]), "swarm init");
  const token = (await must(manager.docker(["swarm", "join-token", "-q", "worker"]), "swarm join-token")).stdout.trim();
  await must(worker.docker(["swarm", "join", "--advertise-addr", worker.address, "--token", token, `${manager.address}:2377`], { timeoutMs: 60_000 }), "swarm join");
  await waitUntil("both swarm nodes Ready", async () => (await readyNodes(manager)) === 2, Math.max(1_000, deadline - Date.now()));
}

/** How many nodes the manager reports Ready. */
export async function readyNodes(manager: SwarmNode): Promise<number> {
  const r = await manager.docker(["node", "ls", "--format", "{{.Status}}"]);
  return r.code === 0 ? r.stdout.split("\n").filter((s) => s.trim() === "Ready").length : 0;
}

interface OwnedNode {
  node: SwarmNode;
  remove(): Promise<void>;
}

/** One node: netns, veth pair to the bridge, its own dockerd (in its own UTS namespace, for its hostname). */
async function createNode(dir: string, tag: string, bridge: string, subnet: string, i: number, registry: string, deadline: number): Promise<OwnedNode> {
  const name = `${tag}-n${i}`;
  const base = join(dir, `n${i}`);
  await mkdir(join(base, "data"), { recursive: true });
  const socket = join(base, "docker.sock");
  const pidFile = join(base, "docker.pid");
  const host = `unix://${socket}`;
  const address = `${subnet}.${10 + i}`;
  const outside = `${tag}h${i}`;
  const inside = `${tag}c${i}`;
  await must(run(["ip", "netns", "add", name]), "ip netns add");
  const inNs = (argv: string[]) => run(["ip", "-n", name, ...argv]);
  await must(run(["ip", "link", "add", outside, "type", "veth", "peer", "name", inside]), "ip link add veth");
  await must(run(["ip", "link", "set", inside, "netns", name]), "ip link set netns");
  await must(run(["ip", "link", "set", outside, "master", bridge]), "ip link set master");
  await must(run(["ip", "link", "set", outside, "up"]), "ip link set up (host side)");
  await must(inNs(["link", "set", inside, "name", "eth0"]), "rename eth0");
  await must(inNs(["addr", "add", `${address}/24`, "dev", "eth0"]), "ip addr add (node)");
  await must(inNs(["link", "set", "eth0", "up"]), "ip link set eth0 up");
  await must(inNs(["link", "set", "lo", "up"]), "ip link set lo up");
  await must(inNs(["route", "add", "default", "via", `${subnet}.1`]), "ip route add default");

  const docker = (args: readonly string[], options: { input?: string; timeoutMs?: number } = {}) =>
    runBounded(["docker", ...args], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, DOCKER_HOST: host }, input: options.input }, options.timeoutMs ?? 120_000);
  // `ip netns exec` would remount /sys and hide the cgroup mounts dockerd needs: nsenter keeps them.
  const argv = [
    "nsenter", `--net=/var/run/netns/${name}`, "unshare", "--uts", "--",
    "sh", "-c", 'hostname "$0" && exec "$@"', name,
    "dockerd", "--data-root", join(base, "data"), "--exec-root", join(base, "exec"), "--pidfile", pidFile, "-H", host,
    "--insecure-registry", registry,
  ];
  const start = async () => {
    const daemon: ChildProcess = spawn(argv[0]!, argv.slice(1), { stdio: ["ignore", "ignore", "ignore"], detached: true });
    daemon.unref();
    await waitUntil(`dockerd of ${name} to answer`, async () => (await docker(["info", "--format", "{{.ServerVersion}}"], { timeoutMs: 5_000 })).code === 0, Math.max(5_000, Math.min(60_000, deadline - Date.now())));
  };
  const stop = () => stopDaemon(pidFile);
  await start();
  return {
    node: { name, host, address, docker, stop, start },
    async remove() {
      await docker(["swarm", "leave", "--force"], { timeoutMs: 20_000 });
      const ids = (await docker(["ps", "-aq"], { timeoutMs: 20_000 })).stdout.split("\n").filter(Boolean);
      if (ids.length > 0) await docker(["rm", "-f", ...ids], { timeoutMs: 60_000 });
      await stop();
      await unmountUnder(base);
      await run(["ip", "netns", "delete", name]);
      await run(["ip", "link", "delete", outside]);
    },
  };
}

/** SIGTERM to the daemon of a pidfile, then wait (bounded) for it to exit; SIGKILL as a last resort. */
async function stopDaemon(pidFile: string): Promise<void> {
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8").trim()) : 0;
  if (!pid || !alive(pid)) return;
  process.kill(pid, "SIGTERM");
  try {
    await waitUntil("dockerd to stop", async () => !alive(pid), 60_000);
  } catch {
    if (alive(pid)) process.kill(pid, "SIGKILL");
  }
}

/** Unmounts whatever a stopped dockerd left mounted below `dir` (deepest first). */
async function unmountUnder(dir: string): Promise<void> {
  const mounts = (await readFile("/proc/self/mounts", "utf8")).split("\n").map((l) => l.split(" ")[1] ?? "").filter((m) => m === dir || m.startsWith(`${dir}/`));
  for (const mount of mounts.sort((a, b) => b.length - a.length)) await run(["umount", "-l", mount]);
}

/**
 * Removes what earlier runs left when they were killed before their dispose: `/tmp/dksw-*`
 * directories whose owner process is gone, with their daemons, namespaces, links and rule.
 */
export async function sweepSwarmLeftovers(): Promise<void> {
  for (const entry of await readdir("/tmp").catch(() => [] as string[])) {
    if (!entry.startsWith(`${PREFIX}-`)) continue;
    const dir = join("/tmp", entry);
    const [owner = "", tag = ""] = (await readFile(join(dir, "owner"), "utf8").catch(() => "")).split("\n");
    if (Number(owner) > 0 && alive(Number(owner))) continue;
    for (const i of [1, 2]) {
      await stopDaemon(join(dir, `n${i}`, "docker.pid"));
      await unmountUnder(join(dir, `n${i}`));
      if (tag.startsWith(PREFIX)) {
        await run(["ip", "netns", "delete", `${tag}-n${i}`]);
        await run(["ip", "link", "delete", `${tag}h${i}`]);
      }
    }
    const [registryPid = "", registryDir = ""] = (await readFile(join(dir, "registry"), "utf8").catch(() => "")).split("\n");
    const cmdline = await readFile(`/proc/${Number(registryPid)}/cmdline`, "utf8").catch(() => "");
    if (Number(registryPid) > 0 && cmdline.includes("docker-registry")) process.kill(Number(registryPid), "SIGKILL");
    if (registryDir.includes("dokku-test-registry-")) await rm(registryDir, { recursive: true, force: true });
    if (tag.startsWith(PREFIX)) {
      await run(["ip", "link", "delete", `${tag}br`]);
      await run(["iptables", "-D", "DOCKER-USER", "-i", `${tag}br`, "-o", `${tag}br`, "-m", "comment", "--comment", tag, "-j", "ACCEPT"]);
    }
    await rm(dir, { recursive: true, force: true });
  }
}

/** A short id and a 10.A.B.0/24 no interface of this host uses. */
async function freeNetworkId(): Promise<{ id: number; a: number; b: number }> {
  const used = (await run(["ip", "-4", "-o", "addr"])).stdout;
  for (;;) {
    const a = 230 + randomInt(20);
    const b = randomInt(250);
    const id = 10_000 + randomInt(90_000); // dksw<5 digits>br: interface names stay within 15 characters
    if (!used.includes(` 10.${a}.${b}.`) && !existsSync(`/var/run/netns/${PREFIX}${id}-n1`)) return { id, a, b };
  }
}

/** `run` with a time limit: the child is killed when it takes longer (a hung node never hangs a test). */
async function runBounded(argv: string[], options: { env: Record<string, string>; input?: string }, timeoutMs: number): Promise<RunResult> {
  const timed = ["timeout", "--kill-after=5", `${Math.ceil(timeoutMs / 1000)}`, ...argv];
  return run(timed, options);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function must(result: Promise<RunResult>, what: string): Promise<RunResult> {
  const r = await result;
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}): ${r.stderr.trim() || r.stdout.trim()}`);
  return r;
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
