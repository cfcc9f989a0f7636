import { join } from "node:path";
import type { Env } from "./env.ts";

/** Pure path functions for Dokku's on-disk layout (reference section 2). */
export interface Paths {
  readonly dokkuRoot: string;
  readonly libRoot: string;
  readonly pluginAvailable: string;
  readonly pluginEnabled: string;
  readonly pluginCoreAvailable: string;
  appDir(app: string): string;
  /** `LIB/config/<plugin>/<app|--global>` */
  propertyDir(plugin: string, scope: string): string;
  /** `LIB/config/<APP|--global>/ENV` */
  envFile(scope: string): string;
  /** `LIB/data/<plugin>/<app>` */
  dataDir(plugin: string, app?: string): string;
  /** `LIB/data/apps/<APP>/.deploy.lock` */
  deployLock(app: string): string;
  versionFile(): string;
}

export function createPaths(env: Env): Paths {
  const lib = env.libRoot;
  return {
    dokkuRoot: env.dokkuRoot,
    libRoot: lib,
    pluginAvailable: env.vars.PLUGIN_AVAILABLE_PATH!,
    pluginEnabled: env.vars.PLUGIN_ENABLED_PATH!,
    pluginCoreAvailable: env.vars.PLUGIN_CORE_AVAILABLE_PATH!,
    appDir: (app) => join(env.dokkuRoot, app),
    propertyDir: (plugin, scope) => join(lib, "config", plugin, scope),
    envFile: (scope) => join(lib, "config", scope, "ENV"),
    dataDir: (plugin, app) => (app === undefined ? join(lib, "data", plugin) : join(lib, "data", plugin, app)),
    deployLock: (app) => join(lib, "data", "apps", app, ".deploy.lock"),
    versionFile: () => join(lib, "VERSION"),
  };
}
