import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseShellAssignments, unquoteShellWord } from "./dotrc.ts";
import { UserError, isNotFound } from "./errors.ts";

/** A validated snapshot of the environment: the only place that looks at process env. */
export interface Env {
  readonly dokkuRoot: string;
  readonly libRoot: string;
  readonly pluginPath: string;
  readonly pluginCorePath: string;
  readonly systemUser: string;
  readonly systemGroup: string;
  readonly logsDir: string;
  readonly image: string;
  /** Every variable, defaults included, as exported to plugins and children. */
  readonly vars: Readonly<Record<string, string>>;
}

const DEFAULT_FILE = "/etc/default/dokku";

/**
 * Builds the environment the way Dokku's entry script does: process env, then
 * `/etc/default/dokku`, `$DOKKU_ROOT/dokkurc` and `$DOKKU_ROOT/.dokkurc/*`, then defaults.
 */
export function loadEnv(raw: Record<string, string>, pid: number): Env {
  const vars: Record<string, string> = { ...raw };
  applyFile(vars, raw.DOKKU_DEFAULTS_FILE ?? DEFAULT_FILE, false);
  const dokkuRoot = (vars.DOKKU_ROOT ||= homeOf(vars.DOKKU_SYSTEM_USER || "dokku") ?? "/home/dokku");
  applyFile(vars, join(dokkuRoot, "dokkurc"), true);
  for (const name of listDir(join(dokkuRoot, ".dokkurc"))) applyFile(vars, join(dokkuRoot, ".dokkurc", name), true);

  const libRoot = (vars.DOKKU_LIB_ROOT ||= vars.DOKKU_LIB_PATH || "/var/lib/dokku");
  const defaults: Record<string, string> = {
    DOKKU_HOST_ROOT: dokkuRoot,
    DOKKU_IMAGE: "gliderlabs/herokuish:latest-24",
    DOKKU_CNB_BUILDER: "heroku/builder:24",
    PLUGIN_PATH: join(libRoot, "plugins"),
    PLUGIN_CORE_PATH: join(libRoot, "core-plugins"),
    DOKKU_SYSTEM_USER: "dokku",
    DOKKU_SYSTEM_GROUP: "dokku",
    DOKKU_API_VERSION: "1",
    DOKKU_NOT_IMPLEMENTED_EXIT: "10",
    DOKKU_VALID_EXIT: "0",
    DOKKU_PID: String(pid),
    DOKKU_LOGS_DIR: "/var/log/dokku",
    DOKKU_LOGS_HOST_DIR: "/var/log/dokku",
    DOKKU_CONTAINER_LABEL: "dokku",
    DOCKER_BIN: "docker",
    DOKKU_LIB_HOST_ROOT: libRoot,
  };
  for (const [key, value] of Object.entries(defaults)) if (!vars[key]) vars[key] = value;
  vars.DOKKU_EVENTS_LOGFILE ||= join(vars.DOKKU_LOGS_DIR!, "events.log");
  vars.PLUGIN_AVAILABLE_PATH ||= join(vars.PLUGIN_PATH!, "available");
  vars.PLUGIN_ENABLED_PATH ||= join(vars.PLUGIN_PATH!, "enabled");
  vars.PLUGIN_CORE_AVAILABLE_PATH ||= join(vars.PLUGIN_CORE_PATH!, "available");
  vars.PLUGIN_CORE_ENABLED_PATH ||= join(vars.PLUGIN_CORE_PATH!, "enabled");
  vars.DOKKU_DISTRO ||= osReleaseId();
  vars.DOKKU_INIT_SYSTEM ||= initSystem();
  return {
    dokkuRoot,
    libRoot,
    pluginPath: vars.PLUGIN_PATH!,
    pluginCorePath: vars.PLUGIN_CORE_PATH!,
    systemUser: vars.DOKKU_SYSTEM_USER!,
    systemGroup: vars.DOKKU_SYSTEM_GROUP!,
    logsDir: vars.DOKKU_LOGS_DIR!,
    image: vars.DOKKU_IMAGE!,
    vars,
  };
}

function applyFile(vars: Record<string, string>, path: string, strict: boolean): void {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (isNotFound(error) || (!strict && (error as { code?: string }).code === "EACCES")) return;
    if ((error as { code?: string }).code === "EISDIR") return;
    throw new UserError(`Unable to read ${path} for sourcing`);
  }
  for (const [key, value] of parseShellAssignments(text)) vars[key] = value;
}

/** `ID` from /etc/os-release (debian, ubuntu, ...), as Dokku exports DOKKU_DISTRO. */
function osReleaseId(): string {
  try {
    const line = readFileSync("/etc/os-release", "utf8").split("\n").find((l) => l.startsWith("ID="));
    return line ? unquoteShellWord(line.slice(3)) : "";
  } catch {
    return "";
  }
}

/** dokku-compat: `systemd` when systemd runs the host, else `sysvinit` (Dokku also knows runit and openrc). */
function initSystem(): string {
  return existsSync("/run/systemd/system") ? "systemd" : "sysvinit";
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** Home directory of a system user from /etc/passwd, like `~dokku` in bash. */
export function homeOf(user: string): string | undefined {
  return passwdEntry(user)?.home;
}

export interface PasswdEntry {
  uid: number;
  gid: number;
  home: string;
}

export function passwdEntry(user: string): PasswdEntry | undefined {
  const f = passwdLines().find((fields) => fields[0] === user && fields.length >= 6);
  return f ? { uid: Number(f[2]), gid: Number(f[3]), home: f[5]! } : undefined;
}

/** The name of the user running this process (node's userInfo() says "unknown" under Bun). */
export function currentUserName(): string {
  const uid = process.getuid?.();
  const entry = passwdLines().find((f) => f.length >= 6 && Number(f[2]) === uid);
  return entry?.[0] ?? (uid === 0 ? "root" : String(uid));
}

function passwdLines(): string[][] {
  try {
    return readFileSync("/etc/passwd", "utf8").split("\n").map((line) => line.split(":"));
  } catch {
    return [];
  }
}
