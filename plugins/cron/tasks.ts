// app.json `cron` entries as tasks (pure): Dokku's checks and messages, ids as Dokku computes them.
import { UserError } from "../../src/core/errors.ts";
import { commandError } from "./command.ts";
import { scheduleError } from "./schedule.ts";
import { CONCURRENCY_POLICIES, type ConcurrencyPolicy, MAINTENANCE_PREFIX } from "./schema.ts";

/** One scheduled task, with the JSON shape (and key order) of Dokku's `cron:list --format json`. */
export interface CronTask {
  id: string;
  app?: string;
  command: string;
  global?: boolean;
  schedule: string;
  concurrency_policy: ConcurrencyPolicy | "";
  "app-in-maintenance": boolean;
  "task-in-maintenance": boolean;
  maintenance: boolean;
}

/**
 * Lowercase base36 of the bytes as one big-endian number, each leading zero byte a `0`
 * (multiformats/go-base36's EncodeToStringLc, which Dokku's ids come from).
 */
export function base36(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  const hex = Buffer.from(bytes.subarray(zeros)).toString("hex");
  return "0".repeat(zeros) + (hex === "" ? "" : BigInt(`0x${hex}`).toString(36));
}

/** The id of an app.json task: base36 of `APP===COMMAND===SCHEDULE` (Dokku's GenerateCommandID). */
export function cronId(app: string, command: string, schedule: string): string {
  return base36(`${app}===${command}===${schedule}`);
}

/** How to get shell syntax anyway: the task's container runs a shell of its own. */
const SHELL_HINT = `to use shell syntax, run a shell as the command: ${"sh"} -c '...'`;

export interface ParseOptions {
  /** `maintenance.<id>` (and other) cron properties of the app. */
  properties: Readonly<Record<string, string>>;
  /** The app's computed `maintenance` (app or global true). */
  appInMaintenance: boolean;
  /** Deploy-time validation: a task without command or schedule fails instead of being skipped. */
  strict: boolean;
  warn(message: string): void;
}

/**
 * The tasks of app.json's `cron` list (Dokku's FetchCronTasks). Errors use Dokku's wording; an
 * entry with no command or schedule is skipped with a warning unless `strict`.
 */
export function parseCronTasks(app: string, appJson: unknown, options: ParseOptions): CronTask[] {
  const list = (appJson as { cron?: unknown } | null)?.cron;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new UserError(`Invalid cron tasks for app ${app}: cron must be a list of tasks`);
  const tasks: CronTask[] = [];
  list.forEach((entry: unknown, index) => {
    const task = parseEntry(app, entry, index, options);
    if (task) tasks.push(task);
  });
  return tasks;
}

function parseEntry(app: string, entry: unknown, index: number, options: ParseOptions): CronTask | undefined {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) throw invalid(app, index, "expected an object");
  const { command = "", schedule = "", maintenance = false, concurrency_policy: policy = "" } = entry as Record<string, unknown>;
  if (typeof command !== "string") throw invalid(app, index, "command must be a string");
  if (typeof schedule !== "string") throw invalid(app, index, "schedule must be a string");
  if (typeof maintenance !== "boolean") throw invalid(app, index, "maintenance must be true or false");
  if (typeof policy !== "string") throw invalid(app, index, "concurrency_policy must be a string");
  // dokku-compat: Dokku's messages, asserted by its tests.
  const missing = command === "" ? `Missing cron task command for app ${app} (index ${index})` : schedule === "" ? `Missing cron schedule for app ${app} (index ${index})` : "";
  if (missing) {
    if (options.strict) throw new UserError(missing);
    options.warn(missing);
    return undefined;
  }
  const badSchedule = scheduleError(schedule);
  if (badSchedule) throw new UserError(`Invalid cron schedule for app ${app} (schedule ${schedule}): ${badSchedule}`);
  const badCommand = commandError(command);
  if (badCommand) {
    // dokku-compat: our wording; Dokku refuses shell operators too, as the task runs without a shell.
    throw new UserError(`Invalid cron command for app ${app} (schedule ${schedule}): ${badCommand}; ${SHELL_HINT}`);
  }
  const concurrency = policy === "" ? "allow" : policy;
  if (!(CONCURRENCY_POLICIES as readonly string[]).includes(concurrency)) {
    throw new UserError(`Invalid cron concurrency policy for app ${app} (schedule ${schedule}): ${policy}`);
  }
  const id = cronId(app, command, schedule);
  const taskInMaintenance = maintenance || suspended(app, schedule, options.properties[`${MAINTENANCE_PREFIX}${id}`]);
  return {
    id,
    app,
    command,
    schedule,
    concurrency_policy: concurrency as ConcurrencyPolicy,
    "app-in-maintenance": options.appInMaintenance,
    "task-in-maintenance": taskInMaintenance,
    maintenance: options.appInMaintenance || taskInMaintenance,
  };
}

/** `maintenance.<id>`: only a true value suspends (a false one never overrides app.json's `maintenance: true`). */
function suspended(app: string, schedule: string, value: string | undefined): boolean {
  if (value === undefined || value === "") return false;
  const parsed = parseGoBool(value);
  if (parsed === undefined) {
    throw new UserError(`Invalid maintenance property for app ${app} (schedule ${schedule}): strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
  }
  return parsed;
}

/** Go's strconv.ParseBool. */
export function parseGoBool(value: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(value)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(value)) return false;
  return undefined;
}

function invalid(app: string, index: number, why: string): UserError {
  return new UserError(`Invalid cron task for app ${app} (index ${index}): ${why}`);
}
