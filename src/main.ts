import { corePlugins } from "../plugins/index.ts";
import { renderTemplate } from "../plugins/nginx-vhosts/sigil/render.ts";
import { parseGlobalFlags } from "./cli/global-flags.ts";
import { dispatch } from "./cli/dispatch.ts";
import { splitSshCommand } from "./cli/ssh-command.ts";
import { reexecAsSystemUser } from "./cli/become-user.ts";
import { bashApiTarget, ensureBashApi } from "./bash-api/layout.ts";
import { runPlugn } from "./bash-api/plugn.ts";
import { runSigil } from "./bash-api/sigil.ts";
import type { Ctx } from "./core/context.ts";
import { createContext } from "./core/create-context.ts";
import { loadEnv } from "./core/env.ts";
import { DokkuError, SilentExit, errorMessage, isPermissionDenied, permissionFailure } from "./core/errors.ts";
import { createLog, type Log } from "./core/log.ts";
import { detectRuntime } from "./runtime/detect.ts";
import { exitWhenReaderGone } from "./runtime/reader-gone.ts";
import type { Runtime } from "./runtime/runtime.ts";

/** runtime -> env -> context -> plugins -> dispatch -> exit code. */
export async function main(runtime: Runtime): Promise<number> {
  const raw = runtime.env();
  let argv = [...runtime.argv];
  const log0 = createLog({ stdout: process.stdout, stderr: process.stderr, quiet: false, trace: false });
  try {
    if (raw.SSH_ORIGINAL_COMMAND) {
      argv = splitSshCommand(raw.SSH_ORIGINAL_COMMAND);
      delete raw.SSH_ORIGINAL_COMMAND;
    }
    delete raw.DOKKU_INVOKED_AS;
    const tool = MULTICALL.has(runtime.invokedAs) ? runtime.invokedAs : "dokku";
    // plugn and sigil run as their caller with their argv untouched; only dokku parses global flags.
    const parsed = parseGlobalFlags(tool === "dokku" ? argv : [], raw);
    const env = loadEnv(raw, Number(raw.DOKKU_PID) || process.pid);
    if (tool === "dokku") {
      const sudoCode = await reexecAsSystemUser(runtime, env, argv, parsed.core[0]);
      if (sudoCode !== undefined) return sudoCode;
    }
    // `trace:on` writes DOKKU_TRACE to .dokkurc, which is only read by loadEnv.
    const flags = env.vars.DOKKU_TRACE && !parsed.flags.trace ? { ...parsed.flags, trace: true } : parsed.flags;
    const log = createLog({ stdout: process.stdout, stderr: process.stderr, ...flags });
    const ctx = createContext({ runtime, env, flags, log, io: { stdout: process.stdout, stderr: process.stderr }, corePlugins });
    try {
      if (tool === "plugn") return await runPlugn(ctx, argv);
      if (tool === "sigil") return await runSigil(ctx, argv, renderTemplate);
      await layOutBashApi(ctx);
      return await dispatch(ctx, { ...parsed, flags });
    } catch (error) {
      return report(log, error, flags.trace, `${env.systemUser}:${env.systemGroup}`);
    }
  } catch (error) {
    return report(log0, error, Boolean(raw.DOKKU_TRACE));
  }
}

/** Names this binary answers to (busybox style): install.sh links /usr/bin/plugn and sigil to it. */
const MULTICALL = new Set(["plugn", "sigil"]);

/**
 * Dokku's bash plugin API where plugins source it, written at the first run of this binary on a
 * host (and after an upgrade). A user who may not write the plugin tree (commands that refuse
 * them anyway, like ssh-keys:add as nobody) is not warned at every command: install.sh and the
 * `install` trigger lay it out as root. Other failures warn and the command still runs.
 */
async function layOutBashApi(ctx: Ctx): Promise<void> {
  try {
    await ensureBashApi(bashApiTarget(ctx));
  } catch (error) {
    const message = `Cannot lay out the bash plugin API in ${ctx.paths.pluginCoreAvailable}: ${errorMessage(error)}`;
    if (isPermissionDenied(error)) ctx.log.trace(message);
    else ctx.log.warn(message);
  }
}

/** The one place that turns errors into messages and exit codes. */
function report(log: Log, error: unknown, trace: boolean, owner = "dokku:dokku"): number {
  if (error instanceof SilentExit) return error.exitCode;
  const denied = permissionFailure(error);
  if (denied) {
    // State on disk the system user cannot write: name it, and the one command that fixes it.
    log.error(denied.message);
    log.error(`As root, run: chown -R ${owner} ${denied.path}`);
    if (trace && error instanceof Error && error.stack) log.trace(error.stack);
    return error instanceof DokkuError ? error.exitCode : 1;
  }
  if (error instanceof DokkuError) {
    for (const line of error.message.split("\n")) log.error(line);
    if (trace && error.stack) log.trace(error.stack);
    return error.exitCode;
  }
  log.error(`Unexpected error: ${errorMessage(error)}`);
  if (trace && error instanceof Error && error.stack) log.trace(error.stack);
  return 1;
}

async function flush(): Promise<void> {
  await Promise.all(
    [process.stdout, process.stderr].map((stream) => new Promise<void>((resolve) => (stream.writableNeedDrain ? stream.once("drain", () => resolve()) : resolve()))),
  );
}

if (import.meta.main) {
  const runtime = await detectRuntime();
  exitWhenReaderGone();
  const code = await main(runtime);
  await flush();
  runtime.exit(code);
}
