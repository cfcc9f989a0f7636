// Schedules: robfig/cron's standard grammar and messages (what Dokku accepts), narrowed to what
// Debian's cron runs the same way. tests/e2e/cron-crontab.test.ts feeds the accepted ones to the
// real crontab program.
import { describe, expect, test } from "bun:test";
import { scheduleError } from "../../../../plugins/cron/schedule.ts";

const ACCEPTED = [
  "* * * * *",
  "5 5 5 5 5",
  "0 1 * * *",
  "*/15 * * * *",
  "0-30/10 8-18 * * 1-5",
  "0 0 1,15 * *",
  "0 12 * jan-mar mon-fri",
  "0 12 * JAN SUN",
  "59 23 31 12 6",
  "00 05 * * *",
  "0\t5 * * *",
  "@yearly",
  "@annually",
  "@monthly",
  "@weekly",
  "@daily",
  "@midnight",
  "@hourly",
];

describe("scheduleError", () => {
  test("accepts five-field schedules, names, ranges, steps, lists and the shared descriptors", () => {
    expect(ACCEPTED.filter((s) => scheduleError(s) !== undefined)).toEqual([]);
  });

  test("robfig's messages for what Dokku refuses", () => {
    expect(scheduleError("")).toBe("empty spec string");
    expect(scheduleError("@nonstandard")).toBe("unrecognized descriptor: @nonstandard");
    expect(scheduleError("0 5 * * * *")).toBe("expected exactly 5 fields, found 6: [0 5 * * * *]");
    expect(scheduleError("* * *")).toBe("expected exactly 5 fields, found 3: [* * *]");
    expect(scheduleError("60 * * * *")).toBe("end of range (60) above maximum (59): 60");
    expect(scheduleError("* * 0 * *")).toBe("beginning of range (0) below minimum (1): 0");
    expect(scheduleError("* * * * 7")).toBe("end of range (7) above maximum (6): 7");
    expect(scheduleError("5-1 * * * *")).toBe("beginning of range (5) beyond end of range (1): 5-1");
    expect(scheduleError("*/0 * * * *")).toBe("step of range should be a positive number: */0");
    expect(scheduleError("1-2-3 * * * *")).toBe("too many hyphens: 1-2-3");
    expect(scheduleError("*/2/3 * * * *")).toBe("too many slashes: */2/3");
    expect(scheduleError("mon * * * *")).toBe('failed to parse int from mon: strconv.Atoi: parsing "mon": invalid syntax');
    expect(scheduleError("1,,2 * * * *")).toBe('failed to parse int from : strconv.Atoi: parsing "": invalid syntax');
  });

  test("what robfig takes but cron would refuse or read differently is refused too", () => {
    expect(scheduleError("5/15 * * * *")).toBe("a step needs a range or *: 5/15 (write 5-59/15)");
    expect(scheduleError("*-5 * * * *")).toBe("* cannot start a range: *-5");
    expect(scheduleError("? * * * *")).toContain('unsupported character "?"');
    expect(scheduleError("@every 1h")).toContain("cron cannot run @every");
    expect(scheduleError("TZ=UTC 0 5 * * *")).toContain('unsupported character "="');
    expect(scheduleError("+5 * * * *")).toContain('unsupported character "+"');
    expect(scheduleError("@reboot")).toBe("unrecognized descriptor: @reboot");
  });

  test("nothing that could add a crontab line gets through", () => {
    for (const s of ["* * * * *\n* * * * *", "@daily\n", "* * * * * ;", "* * * * *\r", "0 5 * * * # x"]) {
      expect(scheduleError(s), JSON.stringify(s)).toBeDefined();
    }
  });
});
