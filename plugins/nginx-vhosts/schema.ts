/** Property namespace of the nginx-vhosts plugin (Dokku stores it as `nginx`). */
export const NGINX = "nginx";

/**
 * Every `nginx:set` property with its default (reference 9.3.7); `{LOG}` and `{APP}` stand for
 * the log root and the app. The template sees each as the upper-cased variable in `vars`.
 */
export const NGINX_PROPERTIES = {
  "access-log-format": { default: "", vars: ["NGINX_ACCESS_LOG_FORMAT"] },
  "access-log-path": { default: "{LOG}/{APP}-access.log", vars: ["NGINX_ACCESS_LOG_PATH"] },
  "bind-address-ipv4": { default: "", vars: ["NGINX_BIND_ADDRESS_IP4"] },
  "bind-address-ipv6": { default: "::", vars: ["NGINX_BIND_ADDRESS_IP6"] },
  "client-body-timeout": { default: "60s", vars: ["CLIENT_BODY_TIMEOUT"] },
  "client-header-timeout": { default: "60s", vars: ["CLIENT_HEADER_TIMEOUT"] },
  "client-max-body-size": { default: "1m", vars: ["CLIENT_MAX_BODY_SIZE"] },
  "disable-custom-config": { default: "false", vars: [] },
  "error-log-path": { default: "{LOG}/{APP}-error.log", vars: ["NGINX_ERROR_LOG_PATH"] },
  hsts: { default: "true", vars: [] },
  "hsts-include-subdomains": { default: "true", vars: [] },
  "hsts-max-age": { default: "15724800", vars: [] },
  "hsts-preload": { default: "false", vars: [] },
  "keepalive-timeout": { default: "75s", vars: ["KEEPALIVE_TIMEOUT"] },
  "lingering-timeout": { default: "5s", vars: ["LINGERING_TIMEOUT"] },
  "nginx-conf-sigil-path": { default: "nginx.conf.sigil", vars: [] },
  "nginx-service-command": { default: "", vars: [] },
  "proxy-buffer-size": { default: "4k", vars: ["PROXY_BUFFER_SIZE"] },
  "proxy-buffering": { default: "on", vars: ["PROXY_BUFFERING"] },
  "proxy-buffers": { default: "8 4k", vars: ["PROXY_BUFFERS"] },
  "proxy-busy-buffers-size": { default: "8k", vars: ["PROXY_BUSY_BUFFERS_SIZE"] },
  "proxy-connect-timeout": { default: "60s", vars: ["PROXY_CONNECT_TIMEOUT"] },
  "proxy-keepalive": { default: "", vars: ["PROXY_KEEPALIVE"] },
  "proxy-read-timeout": { default: "60s", vars: ["PROXY_READ_TIMEOUT"] },
  "proxy-send-timeout": { default: "60s", vars: ["PROXY_SEND_TIMEOUT"] },
  "send-timeout": { default: "60s", vars: ["SEND_TIMEOUT"] },
  "underscore-in-headers": { default: "off", vars: ["NGINX_UNDERSCORE_IN_HEADERS"] },
  "x-forwarded-for-value": { default: "$remote_addr", vars: ["PROXY_X_FORWARDED_FOR"] },
  "x-forwarded-port-value": { default: "$server_port", vars: ["PROXY_X_FORWARDED_PORT"] },
  "x-forwarded-proto-value": { default: "$scheme", vars: ["PROXY_X_FORWARDED_PROTO"] },
  "x-forwarded-ssl": { default: "", vars: ["PROXY_X_FORWARDED_SSL"] },
} as const satisfies Record<string, { default: string; vars: readonly string[] }>;

export type NginxProperty = keyof typeof NGINX_PROPERTIES;

export const PROPERTY_NAMES = Object.keys(NGINX_PROPERTIES) as NginxProperty[];

export const SETTABLE = { keys: PROPERTY_NAMES, global: PROPERTY_NAMES } as const;

/** Values checked by nginx:set before they reach a template (nginx would reject them at reload time). */
export const PROPERTY_RULES: Partial<Record<NginxProperty, { pattern: RegExp; hint: string }>> = {
  "client-body-timeout": { pattern: /^\d+(ms|s|m|h|d)?$/, hint: "a duration like 60s" },
  "client-header-timeout": { pattern: /^\d+(ms|s|m|h|d)?$/, hint: "a duration like 60s" },
  "keepalive-timeout": { pattern: /^\d+(ms|s|m|h|d)?$/, hint: "a duration like 75s" },
  "lingering-timeout": { pattern: /^\d+(ms|s|m|h|d)?$/, hint: "a duration like 5s" },
  "proxy-connect-timeout": { pattern: /^\d+(ms|s|m|h|d)?$/, hint: "a duration like 60s" },
  "proxy-read-timeout": { pattern: /^\d+(ms|s|m|h|d)?$/, hint: "a duration like 60s" },
  "proxy-send-timeout": { pattern: /^\d+(ms|s|m|h|d)?$/, hint: "a duration like 60s" },
  "send-timeout": { pattern: /^\d+(ms|s|m|h|d)?$/, hint: "a duration like 60s" },
  "client-max-body-size": { pattern: /^\d+[kKmMgG]?$/, hint: "a size like 1m" },
  "proxy-buffer-size": { pattern: /^\d+[kKmM]?$/, hint: "a size like 4k" },
  "proxy-busy-buffers-size": { pattern: /^\d+[kKmM]?$/, hint: "a size like 8k" },
  "proxy-buffers": { pattern: /^\d+ \d+[kKmM]?$/, hint: "a count and a size like 8 4k" },
  "proxy-buffering": { pattern: /^(on|off)$/, hint: "on or off" },
  "proxy-keepalive": { pattern: /^\d+$/, hint: "a number of connections" },
  "underscore-in-headers": { pattern: /^(on|off)$/, hint: "on or off" },
  "disable-custom-config": { pattern: /^(true|false)$/, hint: "true or false" },
  hsts: { pattern: /^(true|false)$/, hint: "true or false" },
  "hsts-include-subdomains": { pattern: /^(true|false)$/, hint: "true or false" },
  "hsts-preload": { pattern: /^(true|false)$/, hint: "true or false" },
  "hsts-max-age": { pattern: /^\d+$/, hint: "a number of seconds" },
  "bind-address-ipv4": { pattern: /^(\d{1,3}\.){3}\d{1,3}$/, hint: "an IPv4 address" },
  "bind-address-ipv6": { pattern: /^[0-9a-fA-F:.]+$/, hint: "an IPv6 address" },
  "x-forwarded-ssl": { pattern: /^(on|off)$/, hint: "on or off" },
  "access-log-format": { pattern: /^[A-Za-z0-9_-]+$/, hint: "the name of a log_format" },
  "access-log-path": { pattern: /^(off|\/[^\s;{}'"]*)$/, hint: "an absolute path or off" },
  "error-log-path": { pattern: /^\/[^\s;{}'"]*$/, hint: "an absolute path" },
  "x-forwarded-for-value": { pattern: /^[^\s;{}'"]+$/, hint: "an nginx variable or value without spaces" },
  "x-forwarded-port-value": { pattern: /^[^\s;{}'"]+$/, hint: "an nginx variable or value without spaces" },
  "x-forwarded-proto-value": { pattern: /^[^\s;{}'"]+$/, hint: "an nginx variable or value without spaces" },
  "nginx-conf-sigil-path": { pattern: /^[^\0]+$/, hint: "a path inside the repository" },
};
