import { appendFile, chown } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname } from "node:path";
import type { Ctx } from "./context.ts";
import { errorMessage, isNotFound } from "./errors.ts";
import { ensureDir } from "./fs-atomic.ts";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** What one events line says about the caller, from the environment of the command. */
export interface EventCaller {
  name: string;
  fingerprint: string;
  dokkuPid: string;
}

/**
 * One line of Dokku's events log: what `logger -t dokku-event -i` leaves in
 * `/var/log/dokku/events.log` through rsyslog's traditional file format, e.g.
 * `Jul  3 16:10:46 host dokku-event[129851]: INVOKED: post-deploy( app ) NAME=admin FINGERPRINT=SHA256:... DOKKU_PID=129800`.
 * Control characters in arguments are escaped, so one trigger is always one line.
 */
export function eventLine(now: Date, host: string, pid: number, trigger: string, args: readonly string[], caller: EventCaller): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  const stamp = `${MONTHS[now.getMonth()]} ${String(now.getDate()).padStart(2, " ")} ${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
  const text = `INVOKED: ${trigger}( ${args.join(" ")} ) NAME=${caller.name} FINGERPRINT=${caller.fingerprint} DOKKU_PID=${caller.dokkuPid}`;
  return `${stamp} ${host} dokku-event[${pid}]: ${escapeControls(text)}\n`;
}

function escapeControls(text: string): string {
  // biome-ignore lint: control characters are what this matches
  return text.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** True when `DOKKU_EVENTS` is set (events:on writes it into `.dokkurc`, read once at start-up). */
export function eventsEnabled(ctx: Ctx): boolean {
  const value = ctx.env.vars.DOKKU_EVENTS;
  return value !== undefined && value !== "" && value !== "0" && value !== "false";
}

/** `DOKKU_EVENTS_LOGFILE` (default `$DOKKU_LOGS_DIR/events.log`). */
export function eventsLogFile(ctx: Ctx): string {
  return ctx.env.vars.DOKKU_EVENTS_LOGFILE || `${ctx.env.logsDir}/events.log`;
}

/**
 * Appends one trigger's line to the events log, creating its directory when missing.
 * dokku-compat: Dokku hands the line to syslog (rsyslog writes the file); it is appended here
 * directly, in the same format, with no process per trigger. Returns the failure, if any.
 */
export async function appendEvent(ctx: Ctx, trigger: string, args: readonly string[]): Promise<string | undefined> {
  const vars = ctx.env.vars;
  const line = eventLine(new Date(), hostname(), process.pid, trigger, args, {
    name: vars.NAME ?? "",
    fingerprint: vars.FINGERPRINT ?? "",
    dokkuPid: vars.DOKKU_PID ?? "",
  });
  const file = eventsLogFile(ctx);
  try {
    await appendFile(file, line, { mode: 0o664 });
  } catch (error) {
    if (!isNotFound(error)) return `${file}: ${errorMessage(error)}`;
    try {
      const owner = ctx.props.owner;
      await ensureDir(dirname(file), { owner });
      await appendFile(file, line, { mode: 0o664 });
      if (owner) await chown(file, owner.uid, owner.gid);
    } catch (again) {
      return `${file}: ${errorMessage(again)}`;
    }
  }
  return undefined;
}
