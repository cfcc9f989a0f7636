import type { ArgsDef, ParsedArgs } from "citty";
import type { Ctx } from "./context.ts";
import type { TriggerArgs, TriggerName } from "./trigger-catalog.ts";

/** What a trigger handler receives besides its positional args. */
export interface TriggerIO {
  /** The input piped to the trigger ("" when none). */
  readonly stdin: string;
  /** True when the caller streams output to the user; false when it captures it as data. */
  readonly streaming: boolean;
}

/**
 * In-process handler of trigger N (trigger-catalog.ts): Dokku's positional args in, as checked
 * by the bus against the catalog, stdout fragment out.
 */
export type TriggerHandler<N extends TriggerName> = (ctx: Ctx, args: Readonly<TriggerArgs<N>>, io: TriggerIO) => Promise<string | void> | string | void;

/** A handler that accepts any argv: shared helpers registered under several triggers, and module plugins. */
export type AnyTriggerHandler = (ctx: Ctx, args: readonly (string | undefined)[], io: TriggerIO) => Promise<string | void> | string | void;

/** A core plugin's handlers, keyed by catalog name. */
export type TriggerHandlers = { readonly [N in TriggerName]?: TriggerHandler<N> };

/** One Dokku command (`apps:create`), parsed by citty and run with the context. */
export interface DokkuCommand<A extends ArgsDef = ArgsDef> {
  /** Flat Dokku name: `apps:create`, or the bare plugin name for its default command. */
  readonly name: string;
  readonly description: string;
  readonly args?: A;
  /** Argument text shown in help after the name, e.g. `<app> KEY=VALUE...`; derived from args when absent. */
  readonly usage?: string;
  /** Dokku's root-only commands (`plugin:install`, `ssh-keys:add`, ...). */
  readonly rootOnly?: boolean;
  /** Receive argv as Dokku passes it to plugins (only leading global flags removed), e.g. `plugin:trigger`. */
  readonly verbatimArgs?: boolean;
  /**
   * The argv ends with a command for a container (`run APP ls -la`, `enter APP web bash`): it is
   * not parsed as flags, and only a leading `--help` asks for this command's help. `run` reads `raw`.
   */
  readonly trailingCommand?: boolean;
  readonly hidden?: boolean;
  /** Returns an exit code, or nothing for 0. */
  /** `raw` is the argv after the command name, for commands that read flags dynamically (`*:report --flag`). */
  run(ctx: Ctx, args: ParsedArgs<A>, raw: readonly string[]): Promise<number | void>;
}

// `any` is deliberate: the registry holds commands with different argument shapes.
// biome-ignore lint: heterogeneous registry
export type AnyDokkuCommand = DokkuCommand<any>;

/** A plugin: a plain object with its commands and trigger handlers. Importing it has no side effects. */
export interface PluginDef {
  /** kebab-case; equals the folder name and the property namespace. */
  readonly name: string;
  readonly description: string;
  readonly version?: string;
  readonly commands?: readonly AnyDokkuCommand[];
  /** Core plugins handle catalog triggers only; module plugins may also answer triggers of their own. */
  readonly triggers?: TriggerHandlers;
}

/** Identity helpers for typing only; external module plugins may inline their own copies. */
export function definePlugin<const T extends PluginDef>(def: T): T {
  return def;
}

export function defineCommand<const A extends ArgsDef>(command: DokkuCommand<A>): DokkuCommand<A> {
  return command;
}
