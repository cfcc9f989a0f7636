import type { Writable } from "./log.ts";
import type { Log } from "./log.ts";
import type { Env } from "./env.ts";
import type { Paths } from "./paths.ts";
import type { PropertyStore } from "./props.ts";
import type { TriggerBus } from "./triggers.ts";
import type { PluginRegistry } from "./registry.ts";
import type { Apps } from "./apps.ts";
import type { Exec } from "../exec/exec.ts";
import type { Runtime } from "../runtime/runtime.ts";
import type { GlobalFlags } from "../cli/global-flags.ts";
import type { DockerEngine } from "../docker/engine.ts";

/** The one object every command and trigger receives. Built once in `main.ts`. */
export interface Ctx {
  readonly runtime: Runtime;
  readonly env: Env;
  readonly paths: Paths;
  readonly flags: GlobalFlags;
  readonly log: Log;
  readonly exec: Exec;
  readonly props: PropertyStore;
  readonly triggers: TriggerBus;
  readonly plugins: PluginRegistry;
  readonly apps: Apps;
  /** The Docker engine, connected on first use. */
  docker(): Promise<DockerEngine>;
  readonly io: { stdout: Writable; stderr: Writable; readStdin(): Promise<string>; readLine(): Promise<string> };
  /** Who is calling: `SSH_USER` and `SSH_NAME` (the key's NAME over ssh, else "default"). */
  readonly caller: { user: string; name: string };
  readonly version: string;
  /** Environment handed to plugin executables and other dokku children. */
  childEnv(): Record<string, string>;
}
