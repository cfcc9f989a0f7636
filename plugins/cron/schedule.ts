// Cron schedule validation (pure). Dokku parses app.json schedules with robfig/cron's standard
// parser (minute, hour, day of month, month, day of week, plus @descriptors); Debian's cron then
// runs the crontab Dokku writes. A schedule is accepted here only when both understand it the
// same way, so a schedule that passes a deploy can never make `crontab` refuse the whole file.

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MONTHS = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

// dokku-compat: robfig's bounds; day of week 7 (Sunday to Vixie cron) is refused as Dokku refuses it.
const FIELDS: readonly FieldSpec[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day of week", min: 0, max: 6, names: DAYS },
];

/** The descriptors both robfig/cron and Debian's cron know. */
export const DESCRIPTORS: readonly string[] = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

/**
 * Why `schedule` is not a usable cron schedule, in robfig/cron's words where it has them, or
 * undefined when it is fine.
 */
export function scheduleError(schedule: string): string | undefined {
  if (schedule === "") return "empty spec string";
  // Only blanks separate fields: a newline or other control character would add a crontab line.
  const odd = /[^0-9A-Za-z*,/@ \t-]/.exec(schedule);
  if (odd) return `unsupported character ${JSON.stringify(odd[0])} (allowed: digits, names, * , - / and @descriptors)`;
  // dokku-compat: robfig also takes CRON_TZ=/TZ= prefixes and `@every`, which cron cannot run.
  if (schedule.startsWith("@")) {
    if (DESCRIPTORS.includes(schedule)) return undefined;
    if (schedule.startsWith("@every")) return `unsupported descriptor: ${schedule} (cron cannot run @every; use a five-field schedule)`;
    return `unrecognized descriptor: ${schedule}`;
  }
  const fields = schedule.split(/[ \t]+/).filter(Boolean);
  if (fields.length !== FIELDS.length) return `expected exactly ${FIELDS.length} fields, found ${fields.length}: [${fields.join(" ")}]`;
  for (let i = 0; i < fields.length; i++) {
    for (const part of fields[i]!.split(",")) {
      const error = rangeError(part, FIELDS[i]!);
      if (error) return error;
    }
  }
  return undefined;
}

/** One comma-separated part of a field: `*`, `N`, `N-M`, each with an optional `/STEP`. */
function rangeError(expr: string, field: FieldSpec): string | undefined {
  const slashes = expr.split("/");
  if (slashes.length > 2) return `too many slashes: ${expr}`;
  const [range = "", stepText] = slashes;
  const hyphens = range.split("-");
  if (hyphens.length > 2) return `too many hyphens: ${expr}`;
  let start: number;
  let end: number;
  if (range === "*") {
    start = field.min;
    end = field.max;
  } else if (hyphens[0] === "*") {
    // dokku-compat: robfig ignores what follows `*-`; cron refuses the line.
    return `* cannot start a range: ${expr}`;
  } else {
    const first = value(hyphens[0]!, field);
    if (typeof first === "string") return first;
    start = first;
    end = start;
    if (hyphens.length === 2) {
      const last = value(hyphens[1]!, field);
      if (typeof last === "string") return last;
      end = last;
    } else if (stepText !== undefined) {
      // dokku-compat: robfig reads `5/15` as 5-max/15; Debian's cron refuses a step without a range.
      return `a step needs a range or *: ${expr} (write ${range}-${field.max}/${stepText})`;
    }
  }
  let step = 1;
  if (stepText !== undefined) {
    const parsed = integer(stepText);
    if (typeof parsed === "string") return parsed;
    step = parsed;
  }
  if (start < field.min) return `beginning of range (${start}) below minimum (${field.min}): ${expr}`;
  if (end > field.max) return `end of range (${end}) above maximum (${field.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  return undefined;
}

function value(text: string, field: FieldSpec): number | string {
  const named = field.names?.[text.toLowerCase()];
  if (named !== undefined) return named;
  return integer(text);
}

/** Go's strconv.Atoi as robfig uses it: optional sign, decimal digits. */
function integer(text: string): number | string {
  if (!/^[+-]?[0-9]+$/.test(text)) return `failed to parse int from ${text}: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`;
  const n = Number(text);
  if (n < 0) return `negative number (${n}) not allowed: ${text}`;
  if (!Number.isSafeInteger(n)) return `failed to parse int from ${text}: strconv.Atoi: parsing ${JSON.stringify(text)}: value out of range`;
  return n;
}
