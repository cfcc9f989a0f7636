/** Property namespace of the ports plugin: `map` (user-set) and `map-detected` (from builders), both lists. */
export const PORTS = "ports";

export const PortsProps = { map: "map", detected: "map-detected" } as const;

/**
 * The proxy ports live in the proxy plugin's namespace, as on a Dokku host
 * (`config/proxy/<APP|--global>/proxy-port`); the ports plugin computes them for everyone else.
 */
export const PROXY = "proxy";
export const ProxyPortProps = { port: "proxy-port", sslPort: "proxy-ssl-port" } as const;

/** Container port of the default map when the builder detected nothing (Dokku's `$PORT` 5000). */
export const DEFAULT_CONTAINER_PORT = 5000;
