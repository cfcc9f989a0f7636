/** Property namespace of the network plugin (`LIB/config/network/<APP|--global>/<key>`). */
export const NETWORK = "network";

export const NetworkProps = {
  attachPostCreate: "attach-post-create",
  attachPostDeploy: "attach-post-deploy",
  bindAllInterfaces: "bind-all-interfaces",
  initialNetwork: "initial-network",
  staticWebListener: "static-web-listener",
  tld: "tld",
} as const;

/** `network:set` keys (reference 10.3); `static-web-listener` is per app only. */
export const SETTABLE = {
  keys: Object.values(NetworkProps),
  global: [NetworkProps.attachPostCreate, NetworkProps.attachPostDeploy, NetworkProps.bindAllInterfaces, NetworkProps.initialNetwork, NetworkProps.tld],
} as const;

/** Values used when neither the app nor the global scope sets one. */
export const DEFAULTS: Readonly<Record<string, string>> = {
  [NetworkProps.bindAllInterfaces]: "false",
};

/** The network containers start on when `initial-network` is unset. */
export const DEFAULT_NETWORK = "bridge";

/** Label network:create puts on the networks it makes (reference 10.3); network:destroy requires it. */
export const NETWORK_LABEL = "com.dokku.network-name";

/** Networks docker itself provides, never created or destroyed by dokku. */
export const BUILTIN_NETWORKS: readonly string[] = ["bridge", "host", "none"];

/** Docker's own rule for network names. */
export const NETWORK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** `host:port` of a static web listener. */
export const LISTENER = /^[A-Za-z0-9.-]+:[0-9]{1,5}$/;

/** Comma-separated network names of an attach property, blanks dropped. */
export function networkList(value: string): string[] {
  return value.split(",").map((n) => n.trim()).filter(Boolean);
}
