import { NGINX_PROPERTIES, type NginxProperty } from "./schema.ts";
import { versionAtLeast } from "./host.ts";

/** One port map as `ports-get APP json` prints it. */
export interface PortMapJson {
  readonly scheme: string;
  readonly host_port: number;
  readonly container_port: number;
}

/** Everything a render needs, gathered from triggers and files by build.ts. */
export interface AppFacts {
  readonly app: string;
  readonly dokkuRoot: string;
  readonly libRoot: string;
  readonly appSslPath: string;
  /** `ip:port` per container, by process type (`web` first). */
  readonly listeners: Readonly<Record<string, readonly string[]>>;
  /** The listeners are published host ports (a swarm app's tasks), not container addresses. */
  readonly listenersPublished?: boolean;
  readonly maps: readonly PortMapJson[];
  readonly domains: readonly string[];
  /** The app serves its domains (false: no server_name, the app has its own port). */
  readonly vhost: boolean;
  /** Host names the certificate covers (CN and SANs); undefined without a certificate. */
  readonly certNames?: readonly string[];
  /** Computed value of every nginx property, `{LOG}`/`{APP}` defaults already expanded. */
  readonly props: Readonly<Record<NginxProperty, string>>;
  readonly logRoot: string;
  readonly proxyPort: number;
  readonly proxySslPort: number;
  readonly nginxVersion: readonly number[];
}

export interface TemplateInput {
  readonly vars: Record<string, string>;
  readonly warnings: string[];
  /** Domains printed as `Configuring <domain>...`. */
  readonly domains: string[];
  readonly tls: boolean;
}

/** `*.example.com` in a certificate matches one label: `a.example.com`, not `a.b.example.com`. */
export function certMatches(certNames: readonly string[], domain: string): boolean {
  return certNames.some((name) => {
    const pattern = `^${name.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^.]*")}$`;
    return new RegExp(pattern).test(domain.toLowerCase());
  });
}

/**
 * The variables Dokku passes to a sigil template (reference 9.3.5), from the app's facts. https and
 * grpcs maps are dropped when the app has no certificate, with a warning.
 */
export function templateVars(f: AppFacts): TemplateInput {
  const warnings: string[] = [];
  const tls = f.certNames !== undefined;
  const maps = f.maps.filter((m) => {
    if (tls || (m.scheme !== "https" && m.scheme !== "grpcs")) return true;
    warnings.push(`Ignoring detected ${m.scheme} port mapping without an accompanying ssl certificate (${m.scheme}:${m.host_port}:${m.container_port})`);
    return false;
  });
  const nossl = f.vhost ? [...f.domains] : [];
  let ssl: string[] = [];
  if (tls && f.vhost) {
    ssl = nossl.filter((d) => certMatches(f.certNames!, d));
    if (ssl.length === 0 && nossl.length > 0) {
      // dokku-compat: Dokku leaves the https server without server_name here; we keep serving every domain.
      warnings.push(`No app domain matches the certificate (domains: ${nossl.join(" ")}; certificate names: ${f.certNames!.join(" ")}); serving every domain with it`);
      ssl = nossl;
    }
  }
  const web = f.listeners.web ?? [];
  const [listenIp = "", listenPort = ""] = (web[0] ?? "").split(":");
  const vars: Record<string, string> = {
    APP: f.app,
    DOKKU_ROOT: f.dokkuRoot,
    DOKKU_LIB_ROOT: f.libRoot,
    NOSSL_SERVER_NAME: nossl.join(" "),
    SSL_SERVER_NAME: ssl.join(" "),
    SSL_INUSE: tls ? "true" : "",
    APP_SSL_PATH: f.appSslPath,
    DOKKU_APP_LISTENERS: web.join(" "),
    DOKKU_APP_LISTEN_IP: listenIp,
    DOKKU_APP_LISTEN_PORT: listenPort,
    PASSED_LISTEN_IP_PORT: "false",
    PROXY_PORT: String(f.proxyPort),
    NGINX_PORT: String(f.proxyPort),
    PROXY_SSL_PORT: String(f.proxySslPort),
    NGINX_SSL_PORT: String(f.proxySslPort),
    PROXY_PORT_MAP: maps.map((m) => `${m.scheme}:${m.host_port}:${m.container_port}`).join(" "),
    PROXY_UPSTREAM_PORTS: [...new Set(maps.map((m) => String(m.container_port)))].join(" "),
    DOKKU_APP_LISTENERS_PUBLISHED: String(f.listenersPublished === true),
    SPDY_SUPPORTED: "false",
    TLS13_SUPPORTED: "true",
    HTTP2_SUPPORTED: "true",
    HTTP2_DIRECTIVE_SUPPORTED: String(versionAtLeast(f.nginxVersion, [1, 25, 1])),
    HTTP2_PUSH_SUPPORTED: String(versionAtLeast(f.nginxVersion, [1, 13, 9]) && !versionAtLeast(f.nginxVersion, [1, 25, 0])),
    GRPC_SUPPORTED: "true",
    NGINX_LOG_ROOT: f.logRoot,
  };
  for (const [type, list] of Object.entries(f.listeners)) vars[`DOKKU_APP_${type.toUpperCase().replace(/-/g, "_")}_LISTENERS`] = list.join(" ");
  for (const [name, spec] of Object.entries(NGINX_PROPERTIES)) for (const v of spec.vars) vars[v] = f.props[name as NginxProperty];
  return { vars, warnings, domains: [...new Set([...nossl, ...ssl])], tls };
}

/** Dokku pipes the render through `cat -s`: trailing blanks dropped, runs of empty lines squeezed. */
export function squeezeBlankLines(text: string): string {
  const out: string[] = [];
  for (const line of text.split("\n").map((l) => l.trimEnd())) {
    if (line === "" && (out.length === 0 || out[out.length - 1] === "")) continue;
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === "") out.pop();
  return `${out.join("\n")}\n`;
}
