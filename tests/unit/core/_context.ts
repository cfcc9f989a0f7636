// Helpers for unit tests of src/core and src/cli: temp roots, in-memory output, a real Ctx.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { corePlugins } from "../../../plugins/index.ts";
import type { GlobalFlags } from "../../../src/cli/global-flags.ts";
import type { Ctx } from "../../../src/core/context.ts";
import { createContext } from "../../../src/core/create-context.ts";
import { loadEnv } from "../../../src/core/env.ts";
import { createLog } from "../../../src/core/log.ts";
import { createPaths, type Paths } from "../../../src/core/paths.ts";
import type { PluginDef } from "../../../src/core/plugin.ts";
import { detectRuntime } from "../../../src/runtime/detect.ts";

/** A temp directory removed on dispose (`await using root = await tmpRoot()`). */
export async function tmpRoot(prefix = "dokku-unit-"): Promise<AsyncDisposable & { path: string }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, [Symbol.asyncDispose]: () => rm(path, { recursive: true, force: true }) };
}

/** A Writable that keeps what was written. */
export function memoryStream(): { write(chunk: string | Uint8Array): boolean; text(): string } {
  let buffer = "";
  return {
    write(chunk) {
      buffer += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      return true;
    },
    text: () => buffer,
  };
}

/** Paths for a DOKKU_ROOT / DOKKU_LIB_ROOT pair under `root`. */
export function pathsUnder(root: string): Paths {
  return createPaths(loadEnv(baseEnv(root), 1));
}

function baseEnv(root: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    DOKKU_ROOT: join(root, "home"),
    DOKKU_LIB_ROOT: join(root, "lib"),
    DOKKU_SYSTEM_USER: "root",
    DOKKU_DEFAULTS_FILE: join(root, "etc-default-dokku"),
    // As on test hosts (tests/_harness/host.ts): no trigger a unit test fires writes a real crontab.
    DOKKU_INIT_SYSTEM: "systemd",
    DOKKU_CRONTAB_USER: "dokku-test-no-crontab",
  };
}

export interface TestCtx extends AsyncDisposable {
  ctx: Ctx;
  root: string;
  stdout(): string;
  stderr(): string;
}

/** A real context (real props, triggers, registry) over a temp root with in-memory output. */
export async function createTestCtx(
  options: { flags?: Partial<GlobalFlags>; plugins?: readonly PluginDef[]; env?: Record<string, string> } = {},
): Promise<TestCtx> {
  const root = await tmpRoot();
  await mkdir(join(root.path, "home"), { recursive: true });
  await mkdir(join(root.path, "lib"), { recursive: true });
  const out = memoryStream();
  const err = memoryStream();
  const flags: GlobalFlags = { quiet: false, trace: false, force: false, list: "", ...options.flags };
  const ctx = createContext({
    runtime: await detectRuntime(),
    env: loadEnv({ ...baseEnv(root.path), ...options.env }, 1),
    flags,
    log: createLog({ stdout: out, stderr: err, quiet: flags.quiet, trace: flags.trace }),
    io: { stdout: out, stderr: err },
    corePlugins: options.plugins ?? corePlugins,
  });
  return { ctx, root: root.path, stdout: out.text, stderr: err.text, [Symbol.asyncDispose]: () => root[Symbol.asyncDispose]() };
}
