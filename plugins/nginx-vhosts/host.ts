import { existsSync } from "node:fs";
import type { Env } from "../../src/core/env.ts";

/**
 * Where this host's nginx lives and how to drive it. Every piece can be moved through the
 * environment (`/etc/default/dokku`, dokkurc or the process env), so tests run their own nginx:
 * - DOKKU_NGINX_BIN: the binary (default: `nginx` on PATH, else /usr/sbin/nginx);
 * - DOKKU_NGINX_CONF / DOKKU_NGINX_PREFIX: main config and prefix, passed as `-c` / `-p` to every
 *   nginx call (default: nginx's compiled-in ones, i.e. /etc/nginx/nginx.conf with its
 *   conf.d/dokku.conf include of DOKKU_ROOT/STAR/nginx.conf written by install.sh);
 * - DOKKU_NGINX_PID_FILE: the master's pid file (default /run/nginx.pid), to see a reload land;
 * - DOKKU_NGINX_LOG_ROOT: where app logs go (default /var/log/nginx, Dokku's NGINX_LOG_ROOT);
 * - DOKKU_NGINX_SERVICE_COMMAND: reload command when the `nginx-service-command` property is unset.
 */
export interface NginxHost {
  readonly bin: string;
  readonly conf?: string;
  readonly prefix?: string;
  readonly pidFile: string;
  readonly logRoot: string;
  readonly serviceCommand?: string;
  /** Not root: privileged calls go through `sudo -n` (install.sh's sudoers rules allow exactly these). */
  readonly sudo: boolean;
  readonly systemd: boolean;
}

export function nginxHost(env: Env): NginxHost {
  const vars = env.vars;
  return {
    bin: vars.DOKKU_NGINX_BIN || findNginx(vars.PATH ?? ""),
    conf: vars.DOKKU_NGINX_CONF || undefined,
    prefix: vars.DOKKU_NGINX_PREFIX || undefined,
    pidFile: vars.DOKKU_NGINX_PID_FILE || "/run/nginx.pid",
    logRoot: vars.DOKKU_NGINX_LOG_ROOT || vars.NGINX_LOG_ROOT || "/var/log/nginx",
    serviceCommand: vars.DOKKU_NGINX_SERVICE_COMMAND || undefined,
    sudo: process.getuid?.() !== 0,
    systemd: existsSync("/run/systemd/system"),
  };
}

function findNginx(path: string): string {
  for (const dir of path.split(":")) if (dir && existsSync(`${dir}/nginx`)) return `${dir}/nginx`;
  return "/usr/sbin/nginx";
}

type Argv = [string, ...string[]];

const privileged = (host: NginxHost, argv: Argv): Argv => (host.sudo ? ["sudo", "-n", ...argv] : argv);
const location = (host: NginxHost) => [...(host.conf ? ["-c", host.conf] : []), ...(host.prefix ? ["-p", host.prefix] : [])];

/** `nginx -t` of the whole host config (argument order matches install.sh's sudoers rules). */
export function testHostArgv(host: NginxHost): Argv {
  return privileged(host, [host.bin, "-t", ...location(host)]);
}

/** `nginx -t -c WRAPPER`: one app's config on its own. */
export function testFileArgv(host: NginxHost, wrapper: string): Argv {
  return privileged(host, [host.bin, "-t", "-c", wrapper]);
}

/**
 * The reload command: the `nginx-service-command` value (split on spaces, no shell), else
 * DOKKU_NGINX_SERVICE_COMMAND, else `nginx -s reload` for a host-local nginx (tests, or no
 * systemd), else `systemctl reload nginx` as Dokku does on Debian.
 */
export function reloadArgv(host: NginxHost, serviceCommand: string): Argv {
  const custom = (serviceCommand || host.serviceCommand || "").trim();
  if (custom) return custom.split(/\s+/) as Argv;
  if (host.conf || host.prefix || !host.systemd) return privileged(host, [host.bin, ...location(host), "-s", "reload"]);
  return privileged(host, ["systemctl", "reload", "nginx"]);
}

/** `nginx` start/stop for nginx:start / nginx:stop. */
export function serviceArgv(host: NginxHost, action: "start" | "stop"): Argv {
  if (host.conf || host.prefix || !host.systemd) {
    return privileged(host, action === "start" ? [host.bin, ...location(host)] : [host.bin, ...location(host), "-s", "quit"]);
  }
  return privileged(host, ["systemctl", action, "nginx"]);
}

export function versionArgv(host: NginxHost): Argv {
  return [host.bin, "-v"];
}

/** `nginx version: nginx/1.22.1` -> [1, 22, 1]. */
export function parseNginxVersion(text: string): [number, number, number] | undefined {
  const match = /nginx\/(\d+)\.(\d+)\.(\d+)/.exec(text);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

export function versionAtLeast(version: readonly number[], min: readonly number[]): boolean {
  for (let i = 0; i < min.length; i++) {
    if ((version[i] ?? 0) !== min[i]) return (version[i] ?? 0) > min[i]!;
  }
  return true;
}
