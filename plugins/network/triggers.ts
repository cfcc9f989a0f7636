import type { AnyTriggerHandler, TriggerHandler } from "../../src/core/plugin.ts";
import { UserError } from "../../src/core/errors.ts";
import { attachNetworks, containerAddress, liveContainers } from "./containers.ts";
import { listeners, writeAddress } from "./files.ts";
import { networkProperty } from "./properties.ts";
import { NetworkProps, networkList } from "./schema.ts";

/**
 * `network-get-ipaddr APP PROC_TYPE CONTAINER_ID`: where the proxy reaches the container:
 * `127.0.0.1` for a web process behind a static listener or on the host network, else its IP on
 * the app's initial network.
 */
export const onGetIpaddr: TriggerHandler<"network-get-ipaddr"> = async (ctx, [app, type, id]) => {
  if (type === "web" && (await networkProperty(ctx, app, NetworkProps.staticWebListener))) return "127.0.0.1\n";
  const ip = await containerAddress(await ctx.docker(), id, await networkProperty(ctx, app, NetworkProps.initialNetwork));
  return `${ip}\n`;
};

/** `network-write-ipaddr APP PROC_TYPE INDEX IP`: `IP.TYPE.N`, atomically. */
export const onWriteIpaddr: TriggerHandler<"network-write-ipaddr"> = async (ctx, [app, type, index, ip]) => {
  await writeAddress(ctx, app, "IP", checkedType(type), checkedIndex(index), ip);
};

/** `network-write-port APP PROC_TYPE INDEX PORT`: `PORT.TYPE.N`, atomically. */
export const onWritePort: TriggerHandler<"network-write-port"> = async (ctx, [app, type, index, port]) => {
  await writeAddress(ctx, app, "PORT", checkedType(type), checkedIndex(index), port);
};

/** `network-get-listeners APP PROC_TYPE`: `ip:port` of each container, or the static web listener. */
export const onGetListeners: TriggerHandler<"network-get-listeners"> = async (ctx, [app, type]) => {
  const fixed = type === "web" ? await networkProperty(ctx, app, NetworkProps.staticWebListener) : "";
  if (fixed) return `${fixed}\n`;
  const found = await listeners(ctx, app, checkedType(type));
  return found.length > 0 ? `${found.join(" ")}\n` : undefined;
};

/** `network-get-property APP KEY`: the computed value. */
export const onGetProperty: TriggerHandler<"network-get-property"> = async (ctx, [app, key]) => `${await networkProperty(ctx, app, key)}\n`;

/** `post-container-create app CID APP PHASE [PROC_TYPE]`: `attach-post-create` networks, before the container starts. */
export const onPostContainerCreate: TriggerHandler<"post-container-create"> = async (ctx, [, id, app, phase, type = ""]) => {
  const networks = networkList(await networkProperty(ctx, app, NetworkProps.attachPostCreate));
  if (networks.length === 0) return;
  await attachNetworks(ctx, await ctx.docker(), networks, app, id, phase === "deploy" ? type : "");
};

/** `core-post-deploy APP ...`: the live containers join the `attach-post-deploy` networks. */
export const onCorePostDeploy: TriggerHandler<"core-post-deploy"> = async (ctx, [app]) => {
  const networks = networkList(await networkProperty(ctx, app, NetworkProps.attachPostDeploy));
  if (networks.length === 0) return;
  const docker = await ctx.docker();
  for (const dyno of await liveContainers(ctx, app)) await attachNetworks(ctx, docker, networks, app, dyno.id, dyno.type);
};

/** `--network=<initial-network>` for containers the app runs (deploy, run, and non-Dockerfile builds). */
function initialNetworkArgs(phase: "deploy" | "run" | "build"): AnyTriggerHandler {
  return async (ctx, [app = "", sourceType = ""]) => {
    if (!app || (phase === "build" && sourceType === "dockerfile")) return;
    const network = await networkProperty(ctx, app, NetworkProps.initialNetwork);
    return network ? ` --network=${network}` : undefined;
  };
}

export const onDockerArgsProcessDeploy: TriggerHandler<"docker-args-process-deploy"> = initialNetworkArgs("deploy");
export const onDockerArgsProcessRun: TriggerHandler<"docker-args-process-run"> = initialNetworkArgs("run");
export const onDockerArgsProcessBuild: TriggerHandler<"docker-args-process-build"> = initialNetworkArgs("build");

function checkedType(type: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(type)) throw new UserError(`Invalid process type ${type}`);
  return type;
}

function checkedIndex(index: string): string {
  if (!/^[0-9]+$/.test(index)) throw new UserError(`Invalid container index ${index}`);
  return index;
}
