// Docker for integration tests: availability and skip policy, the offline test images, run-scoped
// labels and the sweep that removes what a run left behind (STYLE C14).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { PROJECT_ROOT, type RunResult } from "./host.ts";

/** Images built offline by scripts/images/*.sh (never pulled). */
export const TEST_IMAGES = {
  base: "dokku-test/debian:bookworm",
  herokuish: "dokku-test/herokuish:latest",
} as const;

/** Fixture apps (tests/fixtures/apps/<name>); each answers GET / with its own name. */
export const FIXTURE_APPS_DIR = join(PROJECT_ROOT, "tests", "fixtures", "apps");

/** Label every container, image, volume and network a test run creates carries, valued with the run id. */
export const RUN_LABEL = "com.dokku.test-run";

export interface DockerRunOptions {
  input?: string;
  cwd?: string;
  env?: Record<string, string>;
  /** Kills the command after this long (default 120 s); the result then has code 124. */
  timeoutMs?: number;
}

/** Runs `docker ARGS...` (legacy builder forced: no buildx here); never throws on a non-zero exit. */
export function docker(args: readonly string[], options: DockerRunOptions = {}): Promise<RunResult> {
  return runWithTimeout(["docker", ...args], {
    ...options,
    env: { ...process.env, DOCKER_BUILDKIT: "0", ...options.env } as Record<string, string>,
  });
}

/** True when a Docker daemon answers on the configured socket. */
export async function dockerAvailable(): Promise<boolean> {
  const r = await docker(["info", "--format", "{{.ServerVersion}}"], { timeoutMs: 15_000 }).catch(() => undefined);
  return r !== undefined && r.code === 0 && r.stdout.trim() !== "";
}

/**
 * undefined when Docker answers, else the reason to skip. With DOKKU_IT_REQUIRED=1 (CI) a missing
 * daemon throws instead, so a green run cannot hide an untested suite.
 */
export async function requireDocker(): Promise<string | undefined> {
  if (await dockerAvailable()) return undefined;
  const reason = "no Docker daemon answers (run `bash scripts/docker-up.sh` as root)";
  if (process.env.DOKKU_IT_REQUIRED === "1") throw new Error(`Docker is required (DOKKU_IT_REQUIRED=1) but ${reason}`);
  process.stderr.write(`SKIP docker integration tests: ${reason}\n`);
  return reason;
}

let imagesReady: Promise<void> | undefined;

/**
 * Starts the daemon if needed and builds the base, herokuish and service test images once per process
 * (scripts/images/all.sh; each step skips when its image is current, and a lock file serialises
 * concurrent test processes). Allow minutes on a machine that has never built them.
 */
export function ensureTestImages(): Promise<void> {
  imagesReady ??= runWithTimeout(["bash", join(PROJECT_ROOT, "scripts", "images", "all.sh")], { timeoutMs: 15 * 60_000 }).then((r) => {
    if (r.code !== 0) {
      imagesReady = undefined;
      throw new Error(`scripts/images/all.sh failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
    }
  });
  return imagesReady;
}

/** A fresh id for one test run: names (`it-<id>-x`) and labels (RUN_LABEL=<id>) use it. */
export function newRunId(): string {
  return randomBytes(4).toString("hex");
}

/** `--label` flags marking a resource as belonging to the run. */
export function runLabelFlags(runId: string): string[] {
  return [`--label=${RUN_LABEL}=${runId}`];
}

/**
 * Removes containers, images, volumes and networks labelled with the run id, plus containers and
 * images whose `com.dokku.app-name` starts with `appPrefix` (what Dokku created for the run's apps).
 * Returns how many resources were removed; never throws.
 */
export async function sweepDocker(runId: string, appPrefix?: string): Promise<number> {
  const byRun = `label=${RUN_LABEL}=${runId}`;
  const containers = new Set(lines((await docker(["ps", "-aq", "--no-trunc", "--filter", byRun])).stdout));
  const images = new Set(lines((await docker(["images", "-q", "--no-trunc", "--filter", byRun])).stdout));
  if (appPrefix) {
    const appLabel = "label=com.dokku.app-name";
    for (const row of lines((await docker(["ps", "-a", "--no-trunc", "--filter", appLabel, "--format", '{{.ID}} {{.Label "com.dokku.app-name"}}'])).stdout)) {
      const [id, app] = row.split(" ");
      if (id && app?.startsWith(appPrefix)) containers.add(id);
    }
    for (const row of lines((await docker(["images", "--no-trunc", "--filter", appLabel, "--format", "{{.ID}} {{.Repository}}"])).stdout)) {
      const [id, repo] = row.split(" ");
      if (id && repo?.startsWith(`dokku/${appPrefix}`)) images.add(id);
    }
  }
  let removed = 0;
  if (containers.size > 0) removed += countOk(await docker(["rm", "-f", "-v", ...containers]), containers.size);
  if (images.size > 0) removed += countOk(await docker(["rmi", "-f", ...images]), images.size);
  const volumes = lines((await docker(["volume", "ls", "-q", "--filter", byRun])).stdout);
  if (volumes.length > 0) removed += countOk(await docker(["volume", "rm", "-f", ...volumes]), volumes.length);
  const networks = lines((await docker(["network", "ls", "-q", "--filter", byRun])).stdout);
  if (networks.length > 0) removed += countOk(await docker(["network", "rm", ...networks]), networks.length);
  return removed;
}

/** The 127.0.0.1 host port Docker published for `containerPort` of a container. */
export async function publishedPort(container: string, containerPort: number): Promise<number> {
  const r = await docker(["port", container, `${containerPort}/tcp`]);
  const match = /127\.0\.0\.1:(\d+)/.exec(r.stdout) ?? /:(\d+)\s*$/m.exec(r.stdout);
  if (r.code !== 0 || !match) throw new Error(`no published port for ${container}:${containerPort}: ${r.stderr || r.stdout}`);
  return Number(match[1]);
}

/** Polls `url` until it answers 2xx (bounded by `timeoutMs`); returns the body. */
export async function waitForHttp(url: string, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = "no attempt";
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      const body = await response.text();
      if (response.ok) return body;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (last: ${last})`);
}

function lines(text: string): string[] {
  return text.split("\n").map((l) => l.trim()).filter((l) => l !== "");
}

function countOk(r: RunResult, n: number): number {
  return r.code === 0 ? n : 0;
}

function runWithTimeout(argv: readonly string[], options: DockerRunOptions): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd: options.cwd, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs ?? 120_000);
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
    child.on("close", (code) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString("utf8") + (timedOut ? `\n(killed after ${options.timeoutMs ?? 120_000} ms)` : "");
      resolvePromise({ code: timedOut ? 124 : (code ?? 1), stdout: Buffer.concat(out).toString("utf8"), stderr });
    });
  });
}

/**
 * busybox httpd in the foreground, stopped by SIGTERM: as PID 1 without a handler it would ignore
 * it, and every `docker stop` by dokku (apps:destroy, ps:stop) would wait the full stop timeout.
 */
export const STOPPABLE_HTTPD = "busybox httpd -f -p 5000 -h /www & pid=$!; trap 'kill $pid; exit 0' TERM; wait $pid";
