/** Property namespace of the proxy plugin (reference 9.1). */
export const PROXY = "proxy";

export const ProxyProps = { type: "type", disabled: "disabled", port: "proxy-port", sslPort: "proxy-ssl-port" } as const;

export const SETTABLE = {
  keys: [ProxyProps.type, ProxyProps.port, ProxyProps.sslPort],
  global: [ProxyProps.type, ProxyProps.port, ProxyProps.sslPort],
} as const;

/** Proxy used when none is selected. */
export const DEFAULT_PROXY = "nginx";

export const PROXY_TYPE = /^[a-z0-9][a-z0-9-]*$/;
