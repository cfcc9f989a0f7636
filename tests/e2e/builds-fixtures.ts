// Helpers for the build-history suites: a test plugin whose pre-receive-app step waits at a gate
// file (so a test decides when a build may finish), pushes that run in the background, polling
// with a deadline, and killing a process tree.
import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type RunResult, type TestHost, dokkuCommand } from "../_harness/host.ts";
import { GIT_CLIENT_ENV, installTriggerPlugin } from "./git-fixtures.ts";

/**
 * Installs `slowbuild`: for an app with `<gates>/slow-APP` its pre-receive-app prints two lines,
 * waits for `<gates>/gate-APP` (60 s at most), prints three more (one on stderr), and fails with
 * exit 7 when `<gates>/fail-APP` exists. Apps without markers build at once. Returns the gate dir.
 */
export async function installSlowPlugin(host: TestHost): Promise<string> {
  const gates = join(host.root, "gates");
  await mkdir(gates, { recursive: true });
  await installTriggerPlugin(host, "slowbuild", {
    "pre-receive-app": [
      `gates=${gates}`,
      'if [ -f "$gates/slow-$1" ]; then',
      '  echo "slow: building $1 (build $DOKKU_BUILD_ID)"',
      '  echo "slow: waiting for the gate"',
      "  i=0",
      '  while [ ! -f "$gates/gate-$1" ]; do i=$((i+1)); [ $i -gt 1200 ] && exit 9; sleep 0.05; done',
      '  echo "slow: after the gate 1"',
      '  echo "slow: after the gate 2" >&2',
      '  echo "slow: done"',
      "fi",
      'if [ -f "$gates/fail-$1" ]; then echo "slow: failing on purpose"; echo "slow: last words" >&2; exit 7; fi',
      "exit 0",
    ].join("\n"),
  });
  return gates;
}

export const touch = (file: string) => writeFile(file, "");

/** A command running in the background: its output so far, and its result once it exits. */
export interface Background {
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  readonly done: Promise<RunResult>;
}

/** Starts ARGV without waiting, in its own process group (like a terminal job). */
export function startBg(argv: readonly string[], cwd: string, env: Record<string, string>): Background {
  const child = spawn(argv[0]!, argv.slice(1), { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
  const done = new Promise<RunResult>((resolve) => child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 137 : 1), stdout, stderr })));
  return { pid: child.pid!, stdout: () => stdout, stderr: () => stderr, done };
}

/** `git ARGS` in `dir` in the background, with the host's environment. */
export function startGit(host: TestHost, dir: string, args: string[], env: Record<string, string> = {}): Background {
  return startBg(["git", ...args], dir, { ...host.env, ...GIT_CLIENT_ENV, ...env });
}

/** `dokku ARGS` in the background. */
export function startDokku(host: TestHost, args: string[]): Background {
  return startBg([...dokkuCommand(), ...args], host.root, host.env);
}

/** Polls `check` until it returns a truthy value; fails after `timeoutMs` with `what`. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** SIGKILLs `pid` and every process below it (found through /proc parent links), deepest first. */
export function killTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // exited meanwhile
    }
  }
  const tree: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) walk(c);
    tree.push(p);
  };
  walk(pid);
  for (const p of tree) {
    try {
      process.kill(p, "SIGKILL");
    } catch {
      // already gone
    }
  }
  return tree;
}

/** A build as `builds:list APP --format json` shows it. */
export interface BuildView {
  id: string;
  app: string;
  status: string;
  display_status: string;
  pid: number;
  rev: string;
  who: string;
  source: string;
  exit_code?: number;
  duration: string;
  duration_ms?: number;
}

export async function listBuilds(host: TestHost, app: string): Promise<BuildView[]> {
  const r = await host.dokku(["builds:list", app, "--format", "json"]);
  if (r.code !== 0) throw new Error(`builds:list failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as BuildView[];
}

/** Waits until the newest build of APP is no longer running, and returns it. */
export async function waitForBuildEnd(host: TestHost, app: string): Promise<BuildView> {
  return waitFor(`the build of ${app} to end`, async () => {
    const [newest] = await listBuilds(host, app);
    return newest && newest.display_status !== "running" ? newest : undefined;
  });
}
