// A throw-away image registry for tests: Debian's `docker-registry` (distribution 2.8) on a free
// port, with its own storage directory and config, no auth, stopped and removed on dispose.
// Registries on 127.0.0.0/8 are insecure-allowed by every dockerd, so the shared daemon pushes
// to it over plain http without any daemon.json change.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const REGISTRY_BIN = "/usr/bin/docker-registry";

export interface TestRegistry extends AsyncDisposable {
  /** `HOST:PORT`, what goes into `registry:set ... server` and image names. */
  readonly address: string;
  /** The registry process and its directory (config and storage), for sweeps after a killed run. */
  readonly pid: number;
  readonly dir: string;
  /** Tags of a repository (`GET /v2/REPO/tags/list`), sorted; [] when the repository is unknown. */
  tags(repo: string): Promise<string[]>;
}

/** Undefined when a registry can run here, else why not (the package is installed by scripts/ci-services.sh). */
export function registrySkipReason(): string | undefined {
  const reason = existsSync(REGISTRY_BIN) ? undefined : "docker-registry is not installed (scripts/ci-services.sh installs it)";
  if (reason && process.env.DOKKU_IT_REQUIRED === "1") throw new Error(`docker-registry is required (DOKKU_IT_REQUIRED=1) but ${reason}`);
  if (reason) process.stderr.write(`SKIP registry tests: ${reason}\n`);
  return reason;
}

/** A port nobody listens on at the moment, on `host`. */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Starts a registry listening on `host` (default 127.0.0.1); resolves once `/v2/` answers (bounded). */
export async function startRegistry(host = "127.0.0.1", timeoutMs = 20_000): Promise<TestRegistry> {
  const dir = await mkdtemp(join(tmpdir(), "dokku-test-registry-"));
  const port = await freePort(host);
  const address = `${host}:${port}`;
  const config = [
    "version: 0.1",
    "log:",
    "  level: warn",
    "storage:",
    "  filesystem:",
    `    rootdirectory: ${join(dir, "storage")}`,
    "  delete:",
    "    enabled: true",
    "http:",
    `  addr: ${address}`,
    "",
  ].join("\n");
  await writeFile(join(dir, "config.yml"), config);
  const child: ChildProcess = spawn(REGISTRY_BIN, ["serve", join(dir, "config.yml")], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (c: Buffer) => (stderr = (stderr + c.toString("utf8")).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(killer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(`http://${address}/v2/`, { signal: AbortSignal.timeout(1_000) }).then((r) => r.ok, () => false);
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`docker-registry did not start on ${address}:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    address,
    pid: child.pid ?? 0,
    dir,
    async tags(repo) {
      const response = await fetch(`http://${address}/v2/${repo}/tags/list`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 404) return [];
      const body = (await response.json()) as { tags?: string[] | null };
      return [...(body.tags ?? [])].sort();
    },
    [Symbol.asyncDispose]: stop,
  };
}
