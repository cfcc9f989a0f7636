// Shared set-up for the run / enter / logs suites: app containers started by hand with the
// labels the docker-local scheduler gives them, a TTY through util-linux `script`, and a
// community-style scheduler that says "not deployed".
import { expect } from "bun:test";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { RUN_LABEL, TEST_IMAGES, docker } from "../_harness/docker.ts";
import { type RunResult, type TestHost, dokkuCommand, run } from "../_harness/host.ts";

export interface AppContainer {
  app: string;
  type: string;
  index: number;
  /** Shell script the container runs (`sh -c`). */
  script: string;
  image?: string;
  runId: string;
}

/**
 * A running container labelled as the scheduler labels a deploy container (named unlike Dokku
 * on purpose: identity is the labels), recorded in `DOKKU_ROOT/APP/CONTAINER.TYPE.N`.
 */
export async function startAppContainer(host: TestHost, c: AppContainer): Promise<string> {
  const labels = [
    `--label=${RUN_LABEL}=${c.runId}`, "--label=dokku", `--label=com.dokku.app-name=${c.app}`, `--label=com.dokku.process-type=${c.type}`,
    `--label=com.dokku.container-index=${c.index}`, `--label=com.dokku.dyno=${c.type}.${c.index}`, "--label=com.dokku.container-type=deploy",
  ];
  const r = await docker(["run", "-d", "--init", ...labels, c.image ?? TEST_IMAGES.base, "sh", "-c", c.script]);
  expect(r.code).toBe(0);
  const id = r.stdout.trim();
  await writeFile(join(host.dokkuRoot, c.app, `CONTAINER.${c.type}.${c.index}`), `${id}\n`);
  return id;
}

/** Marks the app deployed the way the ps plugin records it (`common deployed`), as a finished deploy would. */
export async function markDeployed(host: TestHost, app: string): Promise<void> {
  const dir = join(host.libRoot, "config", "common", app);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "deployed"), "true");
}

/** Runs dokku under `script`, so its stdin and stdout are a terminal. */
export function dokkuInTty(host: TestHost, args: readonly string[]): Promise<RunResult> {
  const line = [...dokkuCommand(), ...args].map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(" ");
  return run(["script", "-qec", line, "/dev/null"], { env: host.env });
}

/**
 * An executable scheduler plugin `scheduler-fake` whose `scheduler-is-deployed` fails: what a
 * scheduler answers for an app it never deployed.
 */
export async function installUndeployedScheduler(host: TestHost): Promise<void> {
  const dir = join(host.libRoot, "plugins", "available", "scheduler-fake");
  await mkdir(dir, { recursive: true });
  await mkdir(join(host.libRoot, "plugins", "enabled"), { recursive: true });
  await writeFile(join(dir, "plugin.toml"), '[plugin]\ndescription = "a scheduler that deployed nothing"\nversion = "0.0.1"\n');
  await writeFile(join(dir, "scheduler-is-deployed"), '#!/bin/sh\n[ "$1" = fake ] && exit 1\nexit 0\n', { mode: 0o755 });
  await symlink(dir, join(host.libRoot, "plugins", "enabled", "scheduler-fake"));
}

/** Polls `check` until it returns a value other than undefined (bounded; never a fixed sleep). */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** `docker inspect` of a container by name or id, or undefined when it is gone. */
export async function inspect(ref: string): Promise<{ State: { Status: string }; Config: { Labels: Record<string, string>; Env: string[]; Tty: boolean } } | undefined> {
  const r = await docker(["container", "inspect", ref]);
  return r.code === 0 ? JSON.parse(r.stdout)[0] : undefined;
}
