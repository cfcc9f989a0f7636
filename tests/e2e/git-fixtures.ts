// Local git repositories and pushes over git's ext:: transport, which runs `dokku git-receive-pack 'APP'`
// exactly as the ssh forced command would (argv kept literally, quotes included).
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { dokkuCommand, run, type RunResult, type TestHost } from "../_harness/host.ts";

/** Identity and isolation for the client-side git: no user or system config leaks into the tests. */
export const GIT_CLIENT_ENV: Record<string, string> = {
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.invalid",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.invalid",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
};

/** Runs git with the host's environment (so the dokku it reaches sees the test roots). */
export async function gitIn(host: TestHost, cwd: string, args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return run(["git", ...args], { cwd, env: { ...host.env, ...GIT_CLIENT_ENV, ...env } });
}

/** A work tree on branch `branch` with `files` committed. */
export async function makeRepo(host: TestHost, dir: string, files: Record<string, string>, branch = "main"): Promise<string> {
  await mkdir(dir, { recursive: true });
  await must(gitIn(host, dir, ["init", "-q", "-b", branch]));
  await commitFiles(host, dir, files, "init");
  return dir;
}

export async function commitFiles(host: TestHost, dir: string, files: Record<string, string>, message: string): Promise<string> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  await must(gitIn(host, dir, ["add", "-A"]));
  await must(gitIn(host, dir, ["commit", "-q", "--allow-empty", "-m", message]));
  return (await must(gitIn(host, dir, ["rev-parse", "HEAD"]))).stdout.trim();
}

/** `ext::` remote for APP; `%S` becomes git-receive-pack or git-upload-pack. */
export function extRemote(repoArg: string): string {
  return `ext::${dokkuCommand().join(" ")} %S ${repoArg}`;
}

export function push(host: TestHost, dir: string, repoArg: string, refspec: string): Promise<RunResult> {
  return gitIn(host, dir, ["-c", "protocol.ext.allow=always", "push", extRemote(repoArg), refspec]);
}

/**
 * An executable plugin under `$DOKKU_LIB_ROOT/plugins/enabled/NAME` with the given trigger scripts
 * (sh); `toml` is appended to its plugin.toml (e.g. a `[plugin.config]` table).
 */
export async function installTriggerPlugin(host: TestHost, name: string, triggers: Record<string, string>, toml = ""): Promise<string> {
  const dir = join(host.libRoot, "plugins", "available", name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "plugin.toml"), `[plugin]\ndescription = "test plugin ${name}"\nversion = "0.0.1"\n${toml}`);
  for (const [trigger, body] of Object.entries(triggers)) {
    await writeFile(join(dir, trigger), `#!/bin/sh\n${body}\n`);
    await chmod(join(dir, trigger), 0o755);
  }
  await mkdir(join(host.libRoot, "plugins", "enabled"), { recursive: true });
  await run(["ln", "-sfn", dir, join(host.libRoot, "plugins", "enabled", name)]);
  return dir;
}

async function must(result: Promise<RunResult>): Promise<RunResult> {
  const r = await result;
  if (r.code !== 0) throw new Error(`git failed (${r.code}): ${r.stderr}`);
  return r;
}
