// The crontab text (pure): Dokku's cron template, and the entries other plugins inject through
// the `cron-entries` trigger.
import { scheduleError } from "./schedule.ts";
import { type CronTask, base36 } from "./tasks.ts";

/** One crontab line: when, and the shell command cron runs. */
export interface CrontabEntry {
  schedule: string;
  command: string;
}

export interface CrontabInput {
  mailfrom: string;
  mailto: string;
  entries: readonly CrontabEntry[];
}

/**
 * Dokku's cron template: MAILFROM and MAILTO when set, PATH and SHELL, a blank line, one line
 * per entry, ending with a newline (cron ignores a last line without one).
 */
export function renderCrontab({ mailfrom, mailto, entries }: CrontabInput): string {
  const lines: string[] = [];
  if (mailfrom) lines.push(`MAILFROM=${mailfrom}`);
  if (mailto) lines.push(`MAILTO=${mailto}`);
  lines.push("PATH=/usr/local/bin:/usr/bin:/bin", "SHELL=/bin/bash", "");
  for (const entry of entries) lines.push(`${entry.schedule} ${entry.command}`);
  return `${lines.join("\n")}\n`;
}

/**
 * An app task's crontab command: only the app and the task id reach the crontab; cron:run looks
 * the command up when it runs, so nothing from app.json is ever read by a shell on the host.
 */
export function appTaskCommand(dokku: string, task: CronTask): string {
  return `${dokku} cron:run ${task.app} ${task.id}`;
}

/** An injected entry: `SCHEDULE;COMMAND[;LOGFILE]` lines, or JSON objects (Dokku's newer format). */
export interface InjectedEntry {
  id: string;
  schedule: string;
  command: string;
  logFile: string;
}

/**
 * Parses the `cron-entries` output. Lines that are not entries, or whose schedule cron would
 * refuse, are returned in `invalid` so the caller can name them; the rest are kept.
 */
export function parseInjectedEntries(output: string): { entries: InjectedEntry[]; invalid: string[] } {
  const entries: InjectedEntry[] = [];
  const invalid: string[] = [];
  for (const line of output.split("\n")) {
    if (line.trim() === "") continue;
    const entry = line.trim().startsWith("{") ? fromJson(line) : fromFields(line);
    if (entry && !scheduleError(entry.schedule)) entries.push(entry);
    else invalid.push(line);
  }
  return { entries, invalid };
}

function fromFields(line: string): InjectedEntry | undefined {
  const parts = line.split(";");
  if (parts.length !== 2 && parts.length !== 3) return undefined;
  const [schedule = "", command = "", logFile = ""] = parts;
  if (!schedule || !command) return undefined;
  return { id: base36(parts.join(";;;")), schedule, command, logFile };
}

function fromJson(line: string): InjectedEntry | undefined {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return undefined;
  }
  const { schedule, command, "log-file": logFile = "" } = (data ?? {}) as Record<string, unknown>;
  if (typeof schedule !== "string" || typeof command !== "string" || typeof logFile !== "string" || !schedule || !command) return undefined;
  // A JSON string may hold a newline, which would add a line to the crontab.
  if (/[\r\n]/.test(schedule + command + logFile)) return undefined;
  const fields = logFile ? [schedule, command, logFile] : [schedule, command];
  return { id: base36(fields.join(";;;")), schedule, command, logFile };
}

/** The crontab command of an injected entry, its output appended to its log file when it has one. */
export function injectedCommand(entry: InjectedEntry): string {
  return entry.logFile ? `${entry.command} &>> ${entry.logFile}` : entry.command;
}

/** An injected entry as `cron:list --global` shows it. */
export function injectedTask(entry: InjectedEntry): CronTask {
  return {
    id: entry.id,
    command: entry.command,
    global: true,
    schedule: entry.schedule,
    concurrency_policy: "",
    "app-in-maintenance": false,
    "task-in-maintenance": false,
    maintenance: false,
  };
}
