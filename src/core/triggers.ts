import { access, constants, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "./context.ts";
import { ExitError } from "./errors.ts";
import { SharedStdin } from "./trigger-stdin.ts";
import type { PluginRegistry, LoadedPlugin } from "./registry.ts";

export interface TriggerRunOptions {
  /** Input for the trigger, shared by every implementation: the first reader consumes it (plugn's semantics). */
  stdin?: string;
  /** Stream output to the user (notify) instead of returning it (query). */
  stream?: boolean;
  /** Only plugins this accepts run (plugin:install runs a new plugin's `install` on its own first). */
  only?: (plugin: LoadedPlugin) => boolean;
}

/**
 * Runs a trigger the way plugn does: every enabled plugin that implements it, in plugin-name
 * order, with Dokku's positional args; stdout fragments are concatenated and the first non-zero
 * exit stops the chain. Core and module handlers are function calls; only executables spawn.
 */
export class TriggerBus {
  constructor(
    private readonly registry: PluginRegistry,
    private readonly ctx: () => Ctx,
  ) {}

  /** Fire-and-stream: output goes to the user. */
  async notify(name: string, ...args: string[]): Promise<void> {
    await this.run(name, args, { stream: true });
  }

  /** Captured stdout of every implementation, concatenated. */
  async query(name: string, ...args: string[]): Promise<string> {
    return this.run(name, args, { stream: false });
  }

  /** True when any enabled plugin implements the trigger. */
  async exists(name: string): Promise<boolean> {
    for (const plugin of await this.registry.all()) if (await implementation(plugin, name)) return true;
    return false;
  }

  async run(name: string, args: readonly string[], options: TriggerRunOptions = {}): Promise<string> {
    if (!options.stdin) return this.runWith(name, args, options, undefined);
    using input = SharedStdin.open(options.stdin);
    return await this.runWith(name, args, options, input);
  }

  private async runWith(name: string, args: readonly string[], options: TriggerRunOptions, input: SharedStdin | undefined): Promise<string> {
    const ctx = this.ctx();
    const stream = options.stream ?? false;
    let output = "";
    for (const plugin of await this.registry.all()) {
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

type Implementation = NonNullable<NonNullable<LoadedPlugin["def"]>["triggers"]>[string] | string | "not-executable";

async function implementation(plugin: LoadedPlugin, name: string): Promise<Implementation | undefined> {
  const handler = plugin.def?.triggers?.[name];
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
