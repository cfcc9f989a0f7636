// Community plugins in tests: the real plugins, unchanged, cloned at test time from the git bundles
// in ../shared/community-plugins (test data, never part of the project), installed with
// `plugin:install`, and pointed at the offline service images through `.dokkurc` exports.
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync } from "node:fs";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { PROJECT_ROOT, type RunResult, type TestHost, dokkuCommand, run } from "./host.ts";

/**
 * Where the bundles live: DOKKU_COMMUNITY_PLUGINS_DIR, else `shared/` beside the checkout (main, CI's
 * clone) or beside its parent (a worktree under wt/).
 */
export const COMMUNITY_PLUGINS_DIR = resolve(
  process.env.DOKKU_COMMUNITY_PLUGINS_DIR ??
    [join(PROJECT_ROOT, "..", "shared", "community-plugins"), join(PROJECT_ROOT, "..", "..", "shared", "community-plugins")].find((dir) => existsSync(dir)) ??
    join(PROJECT_ROOT, "..", "shared", "community-plugins"),
);

/** Offline stand-ins for the images the service plugins pull (scripts/images/services.sh, built by ensureTestImages). */
export const SERVICE_IMAGES = { postgres: "dokku-test/postgres:15", wait: "dokku-test/wait:latest", lego: "dokku-test/lego:4.9.1" } as const;

/** The bundle of a plugin, or undefined when this machine has none (the suite then skips). */
export function bundlePath(name: string): string | undefined {
  const path = join(COMMUNITY_PLUGINS_DIR, `${name}.bundle`);
  return existsSync(path) ? path : undefined;
}

/** A bare clone of the bundle under the host's root: the `file://` URL plugin:install takes. */
export async function pluginRepoUrl(host: TestHost, name: string): Promise<string> {
  const bundle = bundlePath(name);
  if (!bundle) throw new Error(`no bundle for ${name} in ${COMMUNITY_PLUGINS_DIR}`);
  const dir = join(host.root, "repos", `${name}.git`);
  const r = await run(["git", "clone", "--quiet", "--bare", bundle, dir]);
  if (r.code !== 0) throw new Error(`git clone ${bundle} failed: ${r.stderr}`);
  return `file://${dir}`;
}

/** `$DOKKU_ROOT/.dokkurc/NAME`: `export KEY=VALUE` lines, read by dokku and passed to every plugin. */
export async function writeDokkurc(host: TestHost, name: string, vars: Record<string, string>): Promise<void> {
  const dir = join(host.dokkuRoot, ".dokkurc");
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, name), Object.entries(vars).map(([k, v]) => `export ${k}=${v}\n`).join(""));
}

/**
 * A root-owned file a plugin writes on the machine itself (its /etc/sudoers.d entry): remembered
 * before the suite, put back (or removed) after it.
 */
export async function preserveFile(path: string): Promise<() => Promise<void>> {
  const before = await readFile(path).catch(() => undefined);
  const mode = before === undefined ? undefined : (await stat(path)).mode & 0o7777;
  return async () => {
    if (before === undefined) await rm(path, { force: true });
    else await writeFile(path, before, { mode });
  };
}

/** dokku with stdout written to FILE (binary output such as a database dump). */
export function dokkuToFile(host: TestHost, args: readonly string[], file: string): Promise<RunResult> {
  return withFile(host, args, file, "w");
}

/** dokku with stdin read from FILE. */
export function dokkuFromFile(host: TestHost, args: readonly string[], file: string): Promise<RunResult> {
  return withFile(host, args, file, "r");
}

function withFile(host: TestHost, args: readonly string[], file: string, mode: "r" | "w"): Promise<RunResult> {
  const fd = openSync(file, mode);
  const argv = [...dokkuCommand(), ...args];
  return new Promise<RunResult>((resolvePromise, reject) => {
    const stdio: ["pipe" | number, "pipe" | number, "pipe"] = mode === "w" ? ["pipe", fd, "pipe"] : [fd, "pipe", "pipe"];
    const child = spawn(argv[0]!, argv.slice(1), { env: host.env, stdio });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (c: Buffer) => out.push(c));
    child.stderr?.on("data", (c: Buffer) => err.push(c));
    child.stdin?.end();
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code: code ?? 1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
  }).finally(() => closeSync(fd));
}
