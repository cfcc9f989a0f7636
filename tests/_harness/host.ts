// The one test host for bun suites, benches and the Deno suite: node: APIs only, no bun-only ones.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The command that runs dokku in tests: `$DOKKU_BIN` when set, else `dist/dokku` when built
 * (the e2e suites require it), else the source through bun.
 */
export function dokkuCommand(): string[] {
  if (process.env.DOKKU_BIN) return [process.env.DOKKU_BIN];
  const compiled = join(PROJECT_ROOT, "dist", "dokku");
  if (existsSync(compiled)) return [compiled];
  return [join(PROJECT_ROOT, "node_modules", ".bin", "bun"), "run", join(PROJECT_ROOT, "src", "main.ts")];
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The directories and environment of a throw-away Dokku host. */
export interface HostLayout {
  readonly root: string;
  readonly dokkuRoot: string;
  readonly libRoot: string;
  /** What dokku runs with: temp DOKKU_ROOT and DOKKU_LIB_ROOT, the current user as the dokku user. */
  readonly env: Record<string, string>;
}

/** A host's layout, its temp directory removed on dispose. */
export interface HostDirs extends HostLayout, Disposable {}

/**
 * Creates a host's directories under a new temp directory; `extraEnv` is added to its env.
 * Synchronous, so benches and the Deno suite use it as they are.
 */
export function createHostDirs(prefix = "dokku-test-", extraEnv: Record<string, string> = {}): HostDirs {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const dokkuRoot = join(root, "home");
  const libRoot = join(root, "lib");
  mkdirSync(dokkuRoot);
  mkdirSync(libRoot);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? root,
    DOKKU_ROOT: dokkuRoot,
    DOKKU_LIB_ROOT: libRoot,
    DOKKU_SYSTEM_USER: currentUser(),
    DOKKU_SYSTEM_GROUP: currentUser(),
    DOKKU_DEFAULTS_FILE: join(root, "etc-default-dokku"),
    DOKKU_LOGS_DIR: join(root, "log"),
    // As on a systemd host, where a timer retires old containers: nothing adds a ps:retire line
    // to the crontab of the user running the tests (tests that want one say sysvinit).
    DOKKU_INIT_SYSTEM: "systemd",
    // Crontab writes of a test host go nowhere (no such user) unless a test names a throw-away
    // user (tests/_harness/crontab.ts): never the crontab of the user running the tests.
    DOKKU_CRONTAB_USER: "dokku-test-no-crontab",
    ...extraEnv,
  };
  return { root, dokkuRoot, libRoot, env, [Symbol.dispose]: () => rmSync(root, { recursive: true, force: true }) };
}

/** A throw-away Dokku host that runs the dokku under test (see dokkuCommand) as the current user. */
export interface TestHost extends HostLayout, AsyncDisposable {
  dokku(args: readonly string[], options?: { input?: string; env?: Record<string, string> }): Promise<RunResult>;
}

export async function createTestHost(prefix = "dokku-test-"): Promise<TestHost> {
  const { [Symbol.dispose]: remove, ...dirs } = createHostDirs(prefix);
  return {
    ...dirs,
    dokku: (args, options = {}) => run([...dokkuCommand(), ...args], { env: { ...dirs.env, ...options.env }, input: options.input }),
    [Symbol.asyncDispose]: async () => remove(),
  };
}

export interface RunOptions {
  env?: Record<string, string>;
  input?: string;
  cwd?: string;
}

/** Runs argv with an optional stdin; never throws on a non-zero exit. */
export function run(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { env: options.env, cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", reject);
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
    child.on("close", (code) =>
      resolvePromise({ code: code ?? 1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }),
    );
  });
}

/** `run` for synchronous callers (benches, the Deno suite); throws only when argv cannot start. */
export function runSync(argv: readonly string[], options: RunOptions = {}): RunResult {
  const r = spawnSync(argv[0]!, argv.slice(1), { env: options.env, cwd: options.cwd, input: options.input ?? "", encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

function currentUser(): string {
  const uid = process.getuid?.() ?? 0;
  if (uid === 0) return "root";
  return process.env.USER ?? String(uid);
}
