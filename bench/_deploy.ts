// Shared pieces of the deploy benches: a temp host on the compiled binary with the offline herokuish
// image, a checks stand-in that passes as soon as the web port accepts connections, fixture
// deploys, a fast docker API probe and the README section writer.
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join, resolve } from "node:path";
import { PROJECT_ROOT as ROOT, type HostDirs, createHostDirs, run } from "../tests/_harness/host.ts";

export const BIN = resolve(ROOT, process.env.DOKKU_BIN ?? "dist/dokku");
export const README = join(ROOT, "README.md");
export const FIXTURES = join(ROOT, "tests", "fixtures", "apps");
export const HEROKUISH = "dokku-test/herokuish:latest";

/** Polls a TCP port until it accepts a connection: the check both sides of a bench run. */
export const PORT_CHECK = `#!/usr/bin/env bash
i=0
until bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; do i=$((i+1)); [ $i -gt 400 ] && exit 1; sleep 0.05; done
`;

/**
 * A temp host whose checks pass once the web port answers (the checks plugin's port check) and
 * whose old containers retire at once (wait-to-retire 0).
 */
export function benchHost(prefix: string, env: Record<string, string> = {}): HostDirs {
  const host = createHostDirs(prefix, { DOKKU_IMAGE: HEROKUISH, ...env });
  const dir = join(host.libRoot, "plugins", "available", "bench-checks");
  mkdirSync(dir, { recursive: true });
  mkdirSync(join(host.libRoot, "plugins", "enabled"), { recursive: true });
  writeFileSync(join(dir, "plugin.toml"), '[plugin]\ndescription = "bench checks"\nversion = "0.0.1"\n');
  writeFileSync(join(host.root, "port-check"), PORT_CHECK, { mode: 0o755 });
  script(join(dir, "check-deploy"), `[ "$3" = web ] && exec ${join(host.root, "port-check")} "$5" "$4"\nexit 0`);
  script(join(dir, "checks-get-property"), `[ "$2" = wait-to-retire ] && echo 0\nexit 0`);
  symlinkSync(dir, join(host.libRoot, "plugins", "enabled", "bench-checks"));
  return host;
}

function script(path: string, body: string): void {
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

/** Runs the binary; throws with its output on failure. */
export async function dokku(host: HostDirs, ...args: string[]): Promise<string> {
  const r = await run([BIN, ...args], { env: host.env });
  if (r.code !== 0) throw new Error(`dokku ${args.join(" ")} exited ${r.code}\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** `git:from-archive` of a fixture into APP (created when missing). */
export async function deployFixture(host: HostDirs, app: string, fixture: string): Promise<void> {
  const dir = join(host.root, "src", app);
  cpSync(join(FIXTURES, fixture), dir, { recursive: true });
  const archive = `${dir}.tar`;
  if ((await run(["tar", "-C", dir, "-cf", archive, "."])).code !== 0) throw new Error("tar failed");
  if (!existsSync(join(host.dokkuRoot, app))) await dokku(host, "apps:create", app);
  await dokku(host, "git:from-archive", app, archive);
}

export function stateFile(host: HostDirs, app: string, name: string): string | undefined {
  const path = join(host.dokkuRoot, app, name);
  return existsSync(path) ? readFileSync(path, "utf8").trim() : undefined;
}

/** One GET through the docker API socket: 200 when the container exists (a cheap probe, no CLI process). */
export function containerExists(id: string, socket = "/var/run/docker.sock"): Promise<boolean> {
  return new Promise((resolvePromise, reject) => {
    const req = request({ socketPath: socket, path: `/containers/${id}/json`, method: "GET" }, (res) => {
      res.resume();
      resolvePromise(res.statusCode === 200);
    });
    req.on("error", reject);
    req.end();
  });
}

/** One HTTP GET with a short timeout; the body, or undefined when nothing answers. */
export async function answer(url: string): Promise<string | undefined> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    return r.ok ? await r.text() : undefined;
  } catch {
    return undefined;
  }
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** Replaces the text between `<!-- bench:NAME:start/end -->`; appends the markers when absent. */
export function writeReadme(name: string, table: string): void {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  let text = existsSync(README) ? readFileSync(README, "utf8") : "";
  if (!text.includes(start) || !text.includes(end)) text = `${text.replace(/\n*$/, "\n")}\n${start}\n${end}\n`;
  writeFileSync(README, `${text.slice(0, text.indexOf(start) + start.length)}\n${table}\n${text.slice(text.indexOf(end))}`);
  process.stdout.write("README.md updated\n");
}
