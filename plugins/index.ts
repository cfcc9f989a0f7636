// Static imports of every core plugin, so `bun build --compile` embeds them.
// scripts/build.ts fails when a folder under plugins/ is missing here.
import type { PluginDef } from "../src/core/plugin.ts";
import { plugin as appJson } from "./app-json/mod.ts";
import { plugin as apps } from "./apps/mod.ts";
import { plugin as builder } from "./builder/mod.ts";
import { plugin as builderDockerfile } from "./builder-dockerfile/mod.ts";
import { plugin as builderHerokuish } from "./builder-herokuish/mod.ts";
import { plugin as builderNull } from "./builder-null/mod.ts";
import { plugin as builderPack } from "./builder-pack/mod.ts";
import { plugin as buildpacks } from "./buildpacks/mod.ts";
import { plugin as builds } from "./builds/mod.ts";
import { plugin as certs } from "./certs/mod.ts";
import { plugin as checks } from "./checks/mod.ts";
import { plugin as common } from "./common/mod.ts";
import { plugin as config } from "./config/mod.ts";
import { plugin as cron } from "./cron/mod.ts";
import { plugin as dockerOptions } from "./docker-options/mod.ts";
import { plugin as domains } from "./domains/mod.ts";
import { plugin as enter } from "./enter/mod.ts";
import { plugin as events } from "./events/mod.ts";
import { plugin as git } from "./git/mod.ts";
import { plugin as logs } from "./logs/mod.ts";
import { plugin as network } from "./network/mod.ts";
import { plugin as nginxVhosts } from "./nginx-vhosts/mod.ts";
import { plugin as pluginPlugin } from "./plugin/mod.ts";
import { plugin as ports } from "./ports/mod.ts";
import { plugin as proxy } from "./proxy/mod.ts";
import { plugin as ps } from "./ps/mod.ts";
import { plugin as registry } from "./registry/mod.ts";
import { plugin as releases } from "./releases/mod.ts";
import { plugin as repo } from "./repo/mod.ts";
import { plugin as resource } from "./resource/mod.ts";
import { plugin as run } from "./run/mod.ts";
import { plugin as scheduler } from "./scheduler/mod.ts";
import { plugin as schedulerDockerLocal } from "./scheduler-docker-local/mod.ts";
import { plugin as schedulerNull } from "./scheduler-null/mod.ts";
import { plugin as schedulerSwarm } from "./scheduler-swarm/mod.ts";
import { plugin as sshKeys } from "./ssh-keys/mod.ts";
import { plugin as storage } from "./storage/mod.ts";
import { plugin as trace } from "./trace/mod.ts";

// One per line, in folder order, so parallel branches that add plugins merge cleanly.
export const corePlugins: readonly PluginDef[] = [
  appJson,
  apps,
  builder,
  builderDockerfile,
  builderHerokuish,
  builderNull,
  builderPack,
  buildpacks,
  builds,
  certs,
  checks,
  common,
  config,
  cron,
  dockerOptions,
  domains,
  enter,
  events,
  git,
  logs,
  network,
  nginxVhosts,
  pluginPlugin,
  ports,
  proxy,
  ps,
  registry,
  releases,
  repo,
  resource,
  run,
  scheduler,
  schedulerDockerLocal,
  schedulerNull,
  schedulerSwarm,
  sshKeys,
  storage,
  trace,
];
