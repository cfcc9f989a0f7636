import { describe, expect, test } from "bun:test";
import { columns } from "../../../../plugins/cron/commands.ts";
import { appTaskCommand, injectedCommand, injectedTask, parseInjectedEntries, renderCrontab } from "../../../../plugins/cron/crontab.ts";
import { parseCronTasks } from "../../../../plugins/cron/tasks.ts";

describe("renderCrontab", () => {
  test("Dokku's template: MAILFROM/MAILTO when set, PATH, SHELL, blank line, one line per entry, final newline", () => {
    const entries = [{ schedule: "@daily", command: "dokku cron:run web abc" }];
    expect(renderCrontab({ mailfrom: "", mailto: "", entries })).toBe("PATH=/usr/local/bin:/usr/bin:/bin\nSHELL=/bin/bash\n\n@daily dokku cron:run web abc\n");
    expect(renderCrontab({ mailfrom: "dokku@example.com", mailto: "admin@example.com", entries })).toBe(
      "MAILFROM=dokku@example.com\nMAILTO=admin@example.com\nPATH=/usr/local/bin:/usr/bin:/bin\nSHELL=/bin/bash\n\n@daily dokku cron:run web abc\n",
    );
  });

  test("an app task's line names only the app and the id, never the command", () => {
    const [task] = parseCronTasks("web", { cron: [{ command: "sh -c 'echo hi > /tmp/x'", schedule: "* * * * *" }] }, { properties: {}, appInMaintenance: false, strict: true, warn: () => {} });
    expect(appTaskCommand("dokku", task!)).toBe(`dokku cron:run web ${task!.id}`);
  });
});

describe("cron-entries output", () => {
  test("`SCHEDULE;COMMAND[;LOGFILE]` lines and JSON lines; Dokku's id for the same entry", () => {
    const { entries, invalid } = parseInjectedEntries(
      '@daily;/bin/true\n\n24 6 * * *;dokku letsencrypt:auto-renew;/var/log/dokku/letsencrypt.log\n{"schedule":"@hourly","command":"dokku x","log-file":"/tmp/x.log"}\n',
    );
    expect(invalid).toEqual([]);
    expect(entries.map(injectedCommand)).toEqual(["/bin/true", "dokku letsencrypt:auto-renew &>> /var/log/dokku/letsencrypt.log", "dokku x &>> /tmp/x.log"]);
    expect(JSON.stringify(injectedTask(entries[0]!))).toBe(
      '{"id":"5cruaotm4yzzpnjlsdunblj8qyjp","command":"/bin/true","global":true,"schedule":"@daily","concurrency_policy":"","app-in-maintenance":false,"task-in-maintenance":false,"maintenance":false}',
    );
  });

  test("lines that are not entries, or whose schedule cron refuses, are set apart", () => {
    const { entries, invalid } = parseInjectedEntries("just text\n@daily;a;b;c\n@sometimes;/bin/true\n{\"schedule\":\"@daily\",\"command\":\"a\\nb\"}\n{broken\n");
    expect(entries).toEqual([]);
    expect(invalid).toHaveLength(5);
  });
});

describe("columns", () => {
  test("columnize's layout: padded columns but the last, two blanks apart", () => {
    expect(columns([["ID", "Schedule", "Command"], ["abc", "@daily", "node index.js"], ["de", "* * * * *", "true"]])).toBe(
      "ID   Schedule   Command\nabc  @daily     node index.js\nde   * * * * *  true",
    );
  });
});
