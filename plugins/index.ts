// Static imports of every core plugin, so `bun build --compile` embeds them.
// scripts/build.ts fails when a folder under plugins/ is missing here.
import type { PluginDef } from "../src/core/plugin.ts";
import { plugin as apps } from "./apps/mod.ts";

export const corePlugins: readonly PluginDef[] = [apps];
