// Static imports of every core plugin, so `bun build --compile` embeds them.
// scripts/build.ts fails when a folder under plugins/ is missing here.
import type { PluginDef } from "../src/core/plugin.ts";
import { plugin as apps } from "./apps/mod.ts";
import { plugin as builder } from "./builder/mod.ts";
import { plugin as builderNull } from "./builder-null/mod.ts";
import { plugin as builderDockerfile } from "./builder-dockerfile/mod.ts";
import { plugin as builderHerokuish } from "./builder-herokuish/mod.ts";
import { plugin as builderPack } from "./builder-pack/mod.ts";
import { plugin as buildpacks } from "./buildpacks/mod.ts";
import { plugin as builds } from "./builds/mod.ts";
import { plugin as certs } from "./certs/mod.ts";
import { plugin as config } from "./config/mod.ts";
import { plugin as domains } from "./domains/mod.ts";
import { plugin as git } from "./git/mod.ts";
import { plugin as nginxVhosts } from "./nginx-vhosts/mod.ts";
import { plugin as pluginPlugin } from "./plugin/mod.ts";
import { plugin as ports } from "./ports/mod.ts";
import { plugin as proxy } from "./proxy/mod.ts";
import { plugin as repo } from "./repo/mod.ts";
import { plugin as scheduler } from "./scheduler/mod.ts";
import { plugin as schedulerNull } from "./scheduler-null/mod.ts";
import { plugin as sshKeys } from "./ssh-keys/mod.ts";
import { plugin as trace } from "./trace/mod.ts";

export const corePlugins: readonly PluginDef[] = [apps, builder, builderNull, git, scheduler, schedulerNull, builderDockerfile, builderHerokuish, builderPack, buildpacks, builds, repo, config, sshKeys, pluginPlugin, trace, certs, domains, nginxVhosts, ports, proxy];
