import { describe, expect, test } from "bun:test";
import { base36, cronId, parseCronTasks, type ParseOptions } from "../../../../plugins/cron/tasks.ts";

const options = (over: Partial<ParseOptions> = {}): ParseOptions & { warnings: string[] } => {
  const warnings: string[] = [];
  return { properties: {}, appInMaintenance: false, strict: true, warn: (m) => void warnings.push(m), warnings, ...over };
};

describe("cron ids", () => {
  test("lowercase base36 of the bytes, as Dokku's tests pin it", () => {
    // Dokku's injected-entries test: `@daily;/bin/true` has this id.
    expect(base36("@daily;;;/bin/true")).toBe("5cruaotm4yzzpnjlsdunblj8qyjp");
    expect(cronId("node-js-app", "node index.js", "@daily")).toBe(base36("node-js-app===node index.js===@daily"));
    expect(base36("\u0000a")).toBe(`0${(0x61).toString(36)}`);
    expect(base36("")).toBe("");
  });
});

describe("parseCronTasks", () => {
  test("tasks with defaults, ids and maintenance flags, in Dokku's JSON shape", () => {
    const json = { cron: [{ command: "python3 task.py first", schedule: "5 5 5 5 5" }, { command: "true", schedule: "@daily", concurrency_policy: "forbid", maintenance: true }] };
    const tasks = parseCronTasks("web", json, options());
    expect(JSON.stringify(tasks[0])).toBe(
      JSON.stringify({
        id: cronId("web", "python3 task.py first", "5 5 5 5 5"),
        app: "web",
        command: "python3 task.py first",
        schedule: "5 5 5 5 5",
        concurrency_policy: "allow",
        "app-in-maintenance": false,
        "task-in-maintenance": false,
        maintenance: false,
      }),
    );
    expect(tasks[1]).toMatchObject({ concurrency_policy: "forbid", "task-in-maintenance": true, maintenance: true });
    expect(parseCronTasks("web", {}, options())).toEqual([]);
    expect(parseCronTasks("web", { cron: null }, options())).toEqual([]);
  });

  test("a maintenance.<id> property suspends a task; the app's maintenance holds every task back", () => {
    const json = { cron: [{ command: "true", schedule: "@daily" }] };
    const id = cronId("web", "true", "@daily");
    expect(parseCronTasks("web", json, options({ properties: { [`maintenance.${id}`]: "true" } }))[0]).toMatchObject({ "task-in-maintenance": true, maintenance: true });
    expect(parseCronTasks("web", json, options({ properties: { [`maintenance.${id}`]: "false" } }))[0]).toMatchObject({ maintenance: false });
    expect(parseCronTasks("web", json, options({ appInMaintenance: true }))[0]).toMatchObject({ "app-in-maintenance": true, "task-in-maintenance": false, maintenance: true });
    expect(() => parseCronTasks("web", json, options({ properties: { [`maintenance.${id}`]: "soon" } }))).toThrow(
      'Invalid maintenance property for app web (schedule @daily): strconv.ParseBool: parsing "soon": invalid syntax',
    );
  });

  test("Dokku's messages; missing keys fail at deploy and are skipped with a warning otherwise", () => {
    expect(() => parseCronTasks("web", { cron: [{ key: "value" }] }, options())).toThrow("Missing cron task command for app web (index 0)");
    expect(() => parseCronTasks("web", { cron: [{ command: "true" }] }, options())).toThrow("Missing cron schedule for app web (index 0)");
    const lenient = options({ strict: false });
    expect(parseCronTasks("web", { cron: [{ key: "value" }, { command: "true", schedule: "@daily" }] }, lenient)).toHaveLength(1);
    expect(lenient.warnings).toEqual(["Missing cron task command for app web (index 0)"]);
    expect(() => parseCronTasks("web", { cron: [{ command: "python3 task.py", schedule: "@nonstandard" }] }, options())).toThrow(
      "Invalid cron schedule for app web (schedule @nonstandard): unrecognized descriptor: @nonstandard",
    );
    expect(() => parseCronTasks("web", { cron: [{ command: "true", schedule: "@daily", concurrency_policy: "queue" }] }, options())).toThrow(
      "Invalid cron concurrency policy for app web (schedule @daily): queue",
    );
    expect(() => parseCronTasks("web", { cron: [{ command: "echo CRON_OK; echo hi > /tmp/x", schedule: "* * * * *" }] }, options())).toThrow(
      `Invalid cron command for app web (schedule * * * * *): ";" is a shell operator; to use shell syntax, run a shell as the command: sh -c '...'`,
    );
  });

  test("wrong types are named with the entry's index", () => {
    expect(() => parseCronTasks("web", { cron: {} }, options())).toThrow("Invalid cron tasks for app web: cron must be a list of tasks");
    expect(() => parseCronTasks("web", { cron: ["true"] }, options())).toThrow("Invalid cron task for app web (index 0): expected an object");
    expect(() => parseCronTasks("web", { cron: [{ command: 1, schedule: "@daily" }] }, options())).toThrow("(index 0): command must be a string");
    expect(() => parseCronTasks("web", { cron: [{ command: "true", schedule: "@daily", maintenance: "yes" }] }, options())).toThrow("maintenance must be true or false");
  });
});
