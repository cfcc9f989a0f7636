import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const PROJECT_ROOT = resolve(import.meta.dir, "../..");

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

/** A throw-away Dokku host: temp DOKKU_ROOT and DOKKU_LIB_ROOT, run as the current user. */
export interface TestHost extends AsyncDisposable {
  readonly root: string;
  readonly dokkuRoot: string;
  readonly libRoot: string;
  readonly env: Record<string, string>;
  dokku(args: readonly string[], options?: { input?: string; env?: Record<string, string> }): Promise<RunResult>;
}

export async function createTestHost(prefix = "dokku-test-"): Promise<TestHost> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  const dokkuRoot = join(root, "home");
  const libRoot = join(root, "lib");
  await mkdir(dokkuRoot, { recursive: true });
  await mkdir(libRoot, { recursive: true });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? root,
    DOKKU_ROOT: dokkuRoot,
    DOKKU_LIB_ROOT: libRoot,
    DOKKU_SYSTEM_USER: currentUser(),
    DOKKU_SYSTEM_GROUP: currentUser(),
    DOKKU_DEFAULTS_FILE: join(root, "etc-default-dokku"),
    DOKKU_LOGS_DIR: join(root, "log"),
  };
  return {
    root,
    dokkuRoot,
    libRoot,
    env,
    dokku: (args, options = {}) => run([...dokkuCommand(), ...args], { env: { ...env, ...options.env }, input: options.input }),
    [Symbol.asyncDispose]: () => rm(root, { recursive: true, force: true }),
  };
}

/** Runs argv with an optional stdin; never throws on a non-zero exit. */
export function run(argv: readonly string[], options: { env?: Record<string, string>; input?: string; cwd?: string } = {}): Promise<RunResult> {
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

function currentUser(): string {
  const uid = process.getuid?.() ?? 0;
  if (uid === 0) return "root";
  return process.env.USER ?? String(uid);
}
