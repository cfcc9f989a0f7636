// Shared set-up for the engine contract suites: an engine built from an explicit environment
// snapshot, run-scoped names and labels, a record of which interface methods a suite called,
// and a bounded condition wait (never a fixed sleep).
import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDockerEngine } from "../../src/docker/dockerode-engine.ts";
import type { DockerEngine } from "../../src/docker/engine.ts";
import { RUN_LABEL, newRunId, sweepDocker } from "../_harness/docker.ts";

/** The daemon's socket as this test process reaches it. */
export function daemonSocket(): string {
  const host = process.env.DOCKER_HOST ?? "";
  return host.startsWith("unix://") ? host.slice("unix://".length) : "/var/run/docker.sock";
}

/** The snapshot an engine is built from: only what a host's env would give it. */
export function snapshot(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/root", ...extra };
}

/** Wraps an engine so every method a test calls is recorded in `called`. */
export function recording(engine: DockerEngine, called: Set<string>): DockerEngine {
  return new Proxy(engine, {
    get(target, key, receiver) {
      if (typeof key === "string") called.add(key);
      return Reflect.get(target, key, receiver);
    },
  });
}

export class EngineWorld {
  readonly runId = newRunId();
  readonly prefix = `it-${this.runId}-`;
  readonly called = new Set<string>();
  readonly raw = createDockerEngine(snapshot(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}));
  readonly engine = recording(this.raw, this.called);
  private n = 0;

  /** A fresh run-scoped name: `it-<run>-<what>-<n>`. */
  name(what: string): string {
    return `${this.prefix}${what}-${++this.n}`;
  }

  /** Labels every object of the run carries: the app label (ownership) and the run label (sweep). */
  labels(app = `${this.prefix}app`): Record<string, string> {
    return { "com.dokku.app-name": app, [RUN_LABEL]: this.runId };
  }

  /** A directory holding a symlink to the daemon socket: a second path to the same daemon. */
  async socketAlias(): Promise<AsyncDisposable & { path: string }> {
    const dir = await mkdtemp(join(tmpdir(), "dokku-engine-sock-"));
    await symlink(daemonSocket(), join(dir, "docker.sock"));
    return { path: join(dir, "docker.sock"), [Symbol.asyncDispose]: () => rm(dir, { recursive: true, force: true }) };
  }

  sweep(): Promise<number> {
    return sweepDocker(this.runId, this.prefix);
  }
}

/** Polls `check` until it returns a value other than undefined (bounded by `timeoutMs`). */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** A temporary directory holding `files` (a build context), removed on dispose. */
export async function tempDir(files: Record<string, string>): Promise<AsyncDisposable & { path: string }> {
  const path = await mkdtemp(join(tmpdir(), "dokku-engine-ctx-"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(path, name), text);
  return { path, [Symbol.asyncDispose]: () => rm(path, { recursive: true, force: true }) };
}

/**
 * Engine methods the contract suite leaves to suites with what they need: a real registry
 * (registry-push.test.ts) and a swarm of private engines (scheduler-swarm.test.ts); never
 * `swarm init` on the shared daemon.
 */
export const EXERCISED_ELSEWHERE = [
  "pushImage", "registryLogin", "registryLogout", "swarmState", "swarmInit", "swarmJoinTokens", "swarmJoin", "swarmLeave",
  "listSwarmNodes", "setNodeAvailability", "removeSwarmNode", "listSwarmTasks",
  // scheduler-swarm's deploy suite (tests/integration/scheduler-swarm-deploy.test.ts) runs these on a real swarm.
  "createService", "inspectService", "updateService", "removeService", "listServices", "taskLogs",
] as const;
