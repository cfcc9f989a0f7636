import { readFileSync } from "node:fs";
import type { GlobalFlags } from "../cli/global-flags.ts";
import { bashApiBinDir } from "../bash-api/layout.ts";
import { exec } from "../exec/exec.ts";
import { lazyDocker } from "../docker/connect.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { DOKKU_VERSION } from "../version.ts";
import { Apps } from "./apps.ts";
import type { Ctx } from "./context.ts";
import { type Env, currentUserName, passwdEntry } from "./env.ts";
import type { Ownership } from "./fs-atomic.ts";
import { type Log, type Writable } from "./log.ts";
import { createPaths, type Paths } from "./paths.ts";
import type { PluginDef } from "./plugin.ts";
import { PropertyStore } from "./props.ts";
import { PluginRegistry, corePlugin } from "./registry.ts";
import { readAllStdin, readLineStdin } from "./stdin.ts";
import { TriggerBus } from "./triggers.ts";

export interface ContextParts {
  runtime: Runtime;
  env: Env;
  flags: GlobalFlags;
  log: Log;
  io: { stdout: Writable; stderr: Writable };
  corePlugins: readonly PluginDef[];
}

/** The composition root: the only place that wires the pieces of a `Ctx` together. */
export function createContext(parts: ContextParts): Ctx {
  const { runtime, env, flags, log } = parts;
  const paths = createPaths(env);
  const version = readVersion(paths);
  const registry = new PluginRegistry(
    parts.corePlugins.map((def) => corePlugin(def, version)),
    paths.pluginEnabled,
    (path) => runtime.importModule(path),
    (message) => log.warn(message),
  );
  const caller = { user: env.vars.SSH_USER || currentUserName(), name: env.vars.NAME || env.vars.SSH_NAME || "default" };
  let ctx: Ctx;
  const triggers = new TriggerBus(registry, () => ctx);
  ctx = {
    runtime,
    env,
    paths,
    flags,
    log,
    exec,
    props: new PropertyStore(paths, ownershipFor(env)),
    triggers,
    plugins: registry,
    apps: new Apps(paths),
    docker: lazyDocker(env.vars),
    io: { ...parts.io, readStdin: readAllStdin, readLine: readLineStdin },
    caller,
    version,
    childEnv: () => childEnv(env, flags, caller, bashApiBinDir(paths.pluginCoreAvailable)),
  };
  return ctx;
}

/**
 * `ctx` with `dir` as the working directory of every process it starts: trigger executables,
 * including those fired by in-process handlers, however deep (Dokku's `pushd` around a build).
 * This process's own working directory is left alone.
 */
export function contextIn(ctx: Ctx, dir: string): Ctx {
  let derived: Ctx;
  const triggers = new TriggerBus(ctx.plugins, () => derived);
  derived = { ...ctx, exec: (argv, options = {}) => ctx.exec(argv, { ...options, cwd: options.cwd ?? dir }), triggers };
  return derived;
}

/**
 * `ctx` with extra environment variables, the way Dokku hands options to a trigger (e.g.
 * DOKKU_DETACH_CONTAINER for scheduler-run): in-process handlers read them from `env.vars`,
 * plugin executables get them in their environment, however deep the triggers go.
 */
export function contextWithEnv(ctx: Ctx, extra: Readonly<Record<string, string>>): Ctx {
  let derived: Ctx;
  const triggers = new TriggerBus(ctx.plugins, () => derived);
  const env = { ...ctx.env, vars: { ...ctx.env.vars, ...extra } };
  derived = { ...ctx, env, triggers, childEnv: () => ({ ...ctx.childEnv(), ...extra }) };
  return derived;
}

function childEnv(env: Env, flags: GlobalFlags, caller: { user: string; name: string }, binDir: string): Record<string, string> {
  const vars: Record<string, string> = { ...env.vars, SSH_USER: caller.user, SSH_NAME: caller.name };
  // `dokku`, `plugn` and `sigil` in a child (a plugin, a git hook) are this very binary.
  vars.PATH = vars.PATH ? `${binDir}:${vars.PATH}` : binDir;
  delete vars.SSH_ORIGINAL_COMMAND;
  if (flags.quiet) vars.DOKKU_QUIET_OUTPUT = "1";
  if (flags.trace) vars.DOKKU_TRACE = "1";
  if (flags.force) vars.DOKKU_APPS_FORCE_DELETE = "1";
  if (flags.app) vars.DOKKU_APP_NAME = flags.app;
  if (flags.list) vars.DOKKU_GLOBAL_FLAGS = flags.list;
  return vars;
}

/** Files we create as root belong to the dokku user, as Dokku's `SetPermissions` does. */
function ownershipFor(env: Env): Ownership | undefined {
  if (process.getuid?.() !== 0 || env.systemUser === "root") return undefined;
  const entry = passwdEntry(env.systemUser);
  return entry ? { uid: entry.uid, gid: entry.gid } : undefined;
}

function readVersion(paths: Paths): string {
  for (const name of ["STABLE_VERSION", "VERSION"]) {
    try {
      const text = readFileSync(`${paths.libRoot}/${name}`, "utf8").trim();
      if (text) return text.replace(/^v/, "");
    } catch {
      // fall through to the embedded version
    }
  }
  return DOKKU_VERSION;
}
