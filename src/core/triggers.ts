import { access, constants, stat } from "node:fs/promises";
import { join } from "node:path";
import { parseAppName } from "./apps.ts";
import type { Ctx } from "./context.ts";
import { ExitError, UserError } from "./errors.ts";
import { appendEvent, eventsEnabled } from "./events-log.ts";
import type { AnyTriggerHandler } from "./plugin.ts";
import type { LoadedPlugin, PluginRegistry } from "./registry.ts";
import { type TriggerArgs, type TriggerName, type TriggerSpec, triggerSpec } from "./trigger-catalog.ts";
import { SharedStdin } from "./trigger-stdin.ts";

export interface TriggerRunOptions {
  /** Input for the trigger, shared by every implementation: the first reader consumes it (plugn's semantics). */
  stdin?: string;
  /** Stream output to the user (notify) instead of returning it (query). */
  stream?: boolean;
  /** Only plugins this accepts run (plugin:install runs a new plugin's `install` on its own first). */
  only?: (plugin: LoadedPlugin) => boolean;
  /** Hand this fd to every implementation as its stdin instead of `stdin` (`plugn trigger` passes its own). */
  stdinFd?: number;
}

/**
 * Runs a trigger the way plugn does: every enabled plugin that implements it, in plugin-name
 * order (except the catalog's `first` plugins, which lead), with Dokku's positional args; stdout
 * fragments are concatenated and the first non-zero exit stops the chain. Core and module
 * handlers are function calls; only executables spawn. Triggers the core knows are declared in
 * trigger-catalog.ts, and their arguments are checked against that declaration before anything runs.
 */
export class TriggerBus {
  /** Set once the events log could not be written, so the warning is given once per process. */
  private eventsFailed = false;

  constructor(
    private readonly registry: PluginRegistry,
    private readonly ctx: () => Ctx,
  ) {}

  /** Fire-and-stream: output goes to the user. */
  async notify<N extends TriggerName>(name: N, ...args: TriggerArgs<N>): Promise<void> {
    await this.fire(name, args, { stream: true });
  }

  /** Captured stdout of every implementation, concatenated. */
  async query<N extends TriggerName>(name: N, ...args: TriggerArgs<N>): Promise<string> {
    return this.fire(name, args, { stream: false });
  }

  /** notify/query with options (stdin, plugin filter). */
  async run<N extends TriggerName>(name: N, args: TriggerArgs<N>, options: TriggerRunOptions = {}): Promise<string> {
    return this.fire(name, args, options);
  }

  /** True when any enabled plugin implements the trigger. */
  async exists(name: TriggerName): Promise<boolean> {
    for (const plugin of await this.registry.all()) if (await implementation(plugin, name)) return true;
    return false;
  }

  /**
   * Any trigger by name, declared or not (`plugin:trigger`, plugins' own triggers). A declared
   * trigger's arguments are still checked against the catalog.
   */
  async fire(name: string, args: readonly (string | undefined)[], options: TriggerRunOptions = {}): Promise<string> {
    const argv = checkArgs(name, triggerSpec(name), args);
    await this.logEvent(name, argv);
    if (options.stdinFd !== undefined) return this.runWith(name, argv, options, SharedStdin.inherit(options.stdinFd));
    if (!options.stdin) return this.runWith(name, argv, options, undefined);
    using input = SharedStdin.open(options.stdin);
    return await this.runWith(name, argv, options, input);
  }

  /** events:on: one line per fired trigger in the events log; off costs one lookup in the env snapshot. */
  private async logEvent(name: string, argv: readonly string[]): Promise<void> {
    const ctx = this.ctx();
    if (this.eventsFailed || !eventsEnabled(ctx)) return;
    const failure = await appendEvent(ctx, name, argv);
    if (!failure) return;
    this.eventsFailed = true;
    ctx.log.warn(`Unable to write the events log ${failure}`);
  }

  private async runWith(name: string, args: readonly string[], options: TriggerRunOptions, input: SharedStdin | undefined): Promise<string> {
    const ctx = this.ctx();
    const stream = options.stream ?? false;
    let output = "";
    for (const plugin of chainOrder(await this.registry.all(), triggerSpec(name)?.first)) {
      if (options.only && !options.only(plugin)) continue;
      const impl = await implementation(plugin, name);
      if (!impl) continue;
      ctx.log.trace(`trigger ${name} -> ${plugin.name}`);
      if (impl === "not-executable") {
        ctx.log.stderr(`Trigger '${name}' is not executable, skipping plugin (${plugin.name})`);
        continue;
      }
      if (typeof impl === "function") {
        // Reading io.stdin consumes the shared input, as a bash trigger's `$(cat)` would.
        let consumed: string | undefined;
        const io = { streaming: stream, get stdin() { return (consumed ??= input ? input.readRest() : ""); } };
        const result = await impl(ctx, args, io);
        if (typeof result === "string") {
          if (stream) ctx.io.stdout.write(result);
          else output += result;
        }
        continue;
      }
      const result = await ctx.exec([impl, ...args], {
        env: { ...ctx.childEnv(), ...configVars(plugin, ctx.env.vars) },
        input: input ? { fd: input.fd } : "",
        stdout: stream ? "inherit" : "pipe",
        stderr: "inherit",
        check: false,
      });
      output += result.stdout;
      if (result.code !== 0) {
        throw new ExitError(`Trigger ${name} failed in plugin ${plugin.name} (exit code ${result.code})`, { exitCode: result.code });
      }
    }
    return output;
  }
}

const APP_ARGS = new Set(["APP", "OLD_APP", "NEW_APP"]);

/**
 * The argv a declared trigger's implementations receive: required arguments present, app names
 * valid (nothing like `../x` reaches a handler that builds paths from it), trailing optional
 * arguments that were left undefined dropped, inner ones passed as "".
 */
export function checkArgs(name: string, spec: TriggerSpec | undefined, args: readonly (string | undefined)[]): string[] {
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  const argv = args.slice(0, end).map((a) => a ?? "");
  if (!spec) return argv;
  spec.args.forEach((declared, i) => {
    if (declared.startsWith("...")) return;
    const optional = declared.endsWith("?");
    const arg = declared.replace(/\?$/, "");
    const value = argv[i];
    if (value === undefined) {
      if (!optional) throw new UserError(`Trigger ${name} expects ${spec.args.join(" ")}: missing ${arg}`);
      return;
    }
    if (APP_ARGS.has(arg) && (value !== "" || !optional)) parseAppName(value);
    if (arg === "SCOPE" && value !== "--global" && (value !== "" || !optional)) parseAppName(value);
  });
  return argv;
}

/** Plugin-name order, with the catalog's `first` plugins moved to the front in their given order. */
function chainOrder(plugins: readonly LoadedPlugin[], first: readonly string[] | undefined): readonly LoadedPlugin[] {
  if (!first?.length) return plugins;
  const leading = first.flatMap((name) => plugins.filter((p) => p.name === name));
  return [...leading, ...plugins.filter((p) => !first.includes(p.name))];
}

type Implementation = AnyTriggerHandler | string | "not-executable";

async function implementation(plugin: LoadedPlugin, name: string): Promise<Implementation | undefined> {
  const handler = (plugin.def?.triggers as Readonly<Record<string, AnyTriggerHandler>> | undefined)?.[name];
  if (handler) return handler;
  if (plugin.kind !== "executable" || !plugin.dir || name.includes("/")) return undefined;
  const file = join(plugin.dir, name);
  try {
    if (!(await stat(file)).isFile()) return undefined;
  } catch {
    return undefined;
  }
  try {
    await access(file, constants.X_OK);
    return file;
  } catch {
    return "not-executable";
  }
}

/** `[plugin.config]` keys as `CONFIG_<KEY>`, overridable by `<PLUGIN>_<KEY>` in the environment. */
function configVars(plugin: LoadedPlugin, env: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  const prefix = plugin.name.toUpperCase().replace(/[^A-Z0-9]/g, "_");
  for (const [key, value] of Object.entries(plugin.config)) {
    const name = key.toUpperCase();
    out[`CONFIG_${name}`] = env[`${prefix}_${name}`] ?? value;
  }
  return out;
}
