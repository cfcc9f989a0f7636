// cron on the compiled binary, without Docker: app.json tasks checked at deploy with Dokku's
// messages, cron:list/report/set/suspend/resume, and the crontab the real `crontab` program
// installs for a throw-away user (tests/_harness/crontab.ts). Tasks running from the cron daemon
// in containers are tests/integration/cron-run.test.ts.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type CrontabUser, createCrontabUser, crontabUnavailable } from "../_harness/crontab.ts";
import { type TestHost, createTestHost, run } from "../_harness/host.ts";

const skip = crontabUnavailable() !== undefined;

/** A task list as `cron:list --format json` prints it. */
type Listed = { id: string; command: string; schedule: string; maintenance: boolean; "task-in-maintenance": boolean }[];

describe.skipIf(skip)("cron", () => {
  let host: TestHost;
  let user: CrontabUser;
  let n = 0;

  beforeAll(async () => {
    host = await createTestHost("dokku-cron-");
    user = await createCrontabUser();
    host.env.DOKKU_CRONTAB_USER = user.name;
  });

  afterAll(async () => {
    await user?.[Symbol.asyncDispose]();
    await host?.[Symbol.asyncDispose]();
  });

  /** An app on the default docker-local scheduler, whose tasks go to the host crontab. */
  async function createApp(): Promise<string> {
    const app = `cron${++n}`;
    expect((await host.dokku(["apps:create", app])).code).toBe(0);
    return app;
  }

  /** An app that builds and deploys nothing (null builder and scheduler), so a push is only its pipeline. */
  async function nullApp(): Promise<string> {
    const app = await createApp();
    expect((await host.dokku(["builder:set", app, "selected", "null"])).code).toBe(0);
    expect((await host.dokku(["scheduler:set", app, "selected", "null"])).code).toBe(0);
    return app;
  }

  /** The crontab lines that run the app's tasks. */
  const linesOf = async (app: string) => ((await user.crontab()) ?? "").split("\n").filter((line) => line.includes(` cron:run ${app} `));

  /** Pushes a source tree holding `app.json` with `git:from-archive`. */
  async function push(app: string, appJson: unknown) {
    const dir = join(host.root, `src-${app}-${Math.random().toString(36).slice(2)}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "app.json"), typeof appJson === "string" ? appJson : JSON.stringify(appJson));
    expect((await run(["tar", "-C", dir, "-cf", `${dir}.tar`, "."])).code).toBe(0);
    return host.dokku(["git:from-archive", app, `${dir}.tar`]);
  }

  /**
   * The app.json of a deploy that reached the scheduler: what the docker-local scheduler's
   * success path fires (core-post-deploy commits app.json, post-deploy writes the crontab), with
   * one DOKKU_PID as one deploy shares it.
   */
  async function deployed(app: string, appJson: unknown): Promise<void> {
    const dir = join(host.root, `work-${app}-${Math.random().toString(36).slice(2)}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "app.json"), JSON.stringify(appJson));
    const env = { DOKKU_PID: String(process.pid) };
    for (const [trigger, ...args] of [["core-post-extract", app, dir, "rev"], ["core-post-deploy", app, "", "", "latest"], ["post-deploy", app, "", "", "latest"]]) {
      const r = await host.dokku(["plugin:trigger", trigger!, ...args], { env });
      expect(r.code, `${trigger}: ${r.stderr}`).toBe(0);
    }
  }

  const list = async (app: string): Promise<Listed> => JSON.parse((await host.dokku(["cron:list", app, "--format", "json"])).stdout);

  test("bad tasks fail the push before the build, with Dokku's messages, and change nothing", async () => {
    const app = await nullApp();
    const cases: [unknown, string][] = [
      [{ cron: [{ command: "python3 task.py", schedule: "@nonstandard" }] }, `Invalid cron schedule for app ${app} (schedule @nonstandard): unrecognized descriptor: @nonstandard`],
      [{ cron: [{ command: "python3 task.py", schedule: "0 5 * * * *" }] }, `Invalid cron schedule for app ${app} (schedule 0 5 * * * *): expected exactly 5 fields, found 6: [0 5 * * * *]`],
      [{ cron: [{ key: "value" }] }, `Missing cron task command for app ${app} (index 0)`],
      [{ cron: [{ command: "true" }] }, `Missing cron schedule for app ${app} (index 0)`],
      [{ cron: [{ command: "echo CRON_OK; echo hi > /tmp/appjson-injection-test.txt", schedule: "* * * * *" }] }, `Invalid cron command for app ${app} (schedule * * * * *): ";" is a shell operator`],
      [{ cron: [{ command: "true", schedule: "@daily", concurrency_policy: "queue" }] }, `Invalid cron concurrency policy for app ${app} (schedule @daily): queue`],
    ];
    for (const [appJson, message] of cases) {
      const r = await push(app, appJson);
      expect(r.code, JSON.stringify(appJson)).not.toBe(0);
      expect(r.stderr).toContain(` !     ${message}`);
      expect(r.stdout).not.toContain("Releasing");
    }
    expect(await list(app)).toEqual([]);
    const ok = await push(app, { cron: [{ command: "python3 task.py schedule", schedule: "5 5 5 5 5" }] });
    expect(ok.code, ok.stderr).toBe(0);
  });

  test("the crontab holds `dokku cron:run APP ID` lines only; suspend, resume and app maintenance rewrite it", async () => {
    const app = await createApp();
    await deployed(app, { cron: [{ command: "python3 task.py first", schedule: "5 5 5 5 5" }, { command: "python3 task.py second", schedule: "@daily" }] });
    const [first, second] = await list(app);
    const crontab = (await user.crontab()) ?? "";
    expect(crontab).toStartWith("PATH=/usr/local/bin:/usr/bin:/bin\nSHELL=/bin/bash\n\n");
    expect(await linesOf(app)).toEqual([`5 5 5 5 5 dokku cron:run ${app} ${first!.id}`, `@daily dokku cron:run ${app} ${second!.id}`]);
    expect(crontab).not.toContain("python3");

    expect((await host.dokku(["cron:report", app, `--cron-maintenance-${first!.id}`])).code).toBe(1);
    const suspended = await host.dokku(["cron:suspend", app, first!.id]);
    expect(suspended.stdout).toBe(`=====> Setting maintenance.${first!.id} to true\n-----> Updated schedule file\n`);
    expect(await user.crontab()).not.toContain(first!.id);
    expect(await user.crontab()).toContain(`dokku cron:run ${app} ${second!.id}`);
    expect((await host.dokku(["cron:report", app, `--cron-maintenance-${first!.id}`])).stdout).toBe("true\n");
    expect((await host.dokku(["cron:list", app])).stdout).toMatch(new RegExp(`^${first!.id}  5 5 5 5 5  true \\(task\\)  python3 task.py first$`, "m"));

    expect((await host.dokku(["cron:resume", app, first!.id])).code).toBe(0);
    expect(await user.crontab()).toContain(`5 5 5 5 5 dokku cron:run ${app} ${first!.id}`);
    expect((await host.dokku(["cron:report", app, `--cron-maintenance-${first!.id}`])).code).toBe(1);

    expect((await host.dokku(["cron:set", app, "maintenance", "true"])).code).toBe(0);
    expect((await host.dokku(["cron:list", app])).stdout).toContain("true (app)");
    expect((await host.dokku(["cron:report", app, "--format", "json"])).stdout).toContain('"cron-computed-maintenance":"true"');
    expect(await linesOf(app)).toEqual([]);
    expect((await host.dokku(["cron:set", app, "maintenance"])).code).toBe(0);
    expect(await user.crontab()).toContain(first!.id);
    expect((await host.dokku(["cron:report", app, "--cron-task-count"])).stdout).toBe("2\n");
  });

  test("MAILFROM and MAILTO come from the global properties; no task anywhere removes the crontab", async () => {
    const app = await createApp();
    await deployed(app, { cron: [{ command: "true", schedule: "@hourly" }] });
    expect((await host.dokku(["cron:set", "--global", "mailto", "admin@example.com"])).code).toBe(0);
    expect((await host.dokku(["cron:set", "--global", "mailfrom", "dokku@example.com"])).code).toBe(0);
    expect(await user.crontab()).toStartWith("MAILFROM=dokku@example.com\nMAILTO=admin@example.com\nPATH=/usr/local/bin:/usr/bin:/bin\n");
    const report = JSON.parse((await host.dokku(["cron:report", "--global", "--format", "json"])).stdout);
    expect(report).toMatchObject({ "cron-global-mailto": "admin@example.com", "cron-computed-mailto": "admin@example.com", "global-mailfrom": "dokku@example.com" });
    expect(report).not.toHaveProperty("cron-maintenance");
    expect((await host.dokku(["cron:set", "--global", "mailto"])).code).toBe(0);
    expect((await host.dokku(["cron:set", "--global", "mailfrom"])).code).toBe(0);
    expect(await user.crontab()).toStartWith("PATH=");
    expect((await host.dokku(["cron:set", "--global", "maintenance", "true"])).stdout).toBe("=====> Setting maintenance to true\n-----> Removed\n");
    expect(await user.crontab()).toBeUndefined();
    expect((await host.dokku(["cron:set", "--global", "maintenance"])).code).toBe(0);
    expect(await linesOf(app)).toHaveLength(1);
  });

  test("bad input: one clear line and a non-zero exit, nothing changed", async () => {
    const app = await createApp();
    await deployed(app, { cron: [{ command: "true", schedule: "@daily" }] });
    const before = await user.crontab();
    const cases: [string[], string, number][] = [
      [["cron:list", "nosuchapp"], "App nosuchapp does not exist", 20],
      [["cron:list", app, "--format", "yaml"], "Invalid format specified, supported formats: json, stdout", 1],
      [["cron:run", app], `Please specify a Cron ID from the output of 'dokku cron:list ${app}'`, 1],
      [["cron:run", app, "nosuchid"], `No matching Cron ID found. Please specify a Cron ID from the output of 'dokku cron:list ${app}'`, 1],
      [["cron:suspend", app, "nosuchid"], "Invalid task maintenance property, no matching task ID found: maintenance.nosuchid", 1],
      [["cron:suspend", app], "Invalid task maintenance property, missing ID", 1],
      [["cron:set", "--global", "maintenance.abc", "true"], "Task maintenance properties cannot be set globally", 1],
      [["cron:set", app, "mailto", "a@b"], "Property cannot be specified on a per-app basis", 1],
      [["cron:set", app, "colour", "red"], "Invalid property specified, valid properties include: mailfrom, mailto, maintenance", 1],
      [["cron:set", "--global", "mailto", "a@b\nMAILTO=x"], 'Invalid value for mailto: "a@b\\nMAILTO=x" (an address without blanks or quotes)', 1],
      [["cron:set", app, "maintenance", "sometimes"], 'Invalid value for maintenance: "sometimes" (expected true or false)', 1],
    ];
    for (const [args, message, code] of cases) {
      const r = await host.dokku(args);
      expect(r.stderr, args.join(" ")).toBe(` !     ${message}\n`);
      expect(r.code, args.join(" ")).toBe(code);
    }
    expect(await user.crontab()).toBe(before);
  });

  test("entries other plugins inject through cron-entries join the crontab; bad lines are named and skipped", async () => {
    const dir = join(host.libRoot, "plugins", "available", "cron-entries-test");
    await mkdir(dir, { recursive: true });
    await mkdir(join(host.libRoot, "plugins", "enabled"), { recursive: true });
    await writeFile(join(dir, "plugin.toml"), '[plugin]\ndescription = "cron-entries test"\nversion = "0.0.1"\n');
    await symlink(dir, join(host.libRoot, "plugins", "enabled", "cron-entries-test"));
    const entries = async (body: string) => {
      await writeFile(join(dir, "cron-entries"), `#!/bin/bash\n${body}\n`, { mode: 0o755 });
      return host.dokku(["plugin:trigger", "scheduler-cron-write"]);
    };
    try {
      expect((await entries("echo '@daily;/bin/true'")).code).toBe(0);
      expect((await host.dokku(["cron:list", "--global", "--format", "json"])).stdout).toBe(
        '[{"id":"5cruaotm4yzzpnjlsdunblj8qyjp","command":"/bin/true","global":true,"schedule":"@daily","concurrency_policy":"","app-in-maintenance":false,"task-in-maintenance":false,"maintenance":false}]\n',
      );
      expect(await user.crontab()).toContain("\n@daily /bin/true\n");
      await entries("echo '@daily;/bin/true;/var/log/dokku/log.log'");
      expect(await user.crontab()).toContain("\n@daily /bin/true &>> /var/log/dokku/log.log\n");
      await entries("[[ $1 == 'docker-local' ]] && echo '24 6 * * *;dokku letsencrypt:auto-renew'; true");
      expect(await user.crontab()).toContain("\n24 6 * * * dokku letsencrypt:auto-renew\n");
      const bad = await entries("echo 'not an entry'; echo '@sometimes;/bin/false'; echo '@weekly;/bin/true'");
      expect(bad.code).toBe(0);
      expect(bad.stderr).toContain(" !     Invalid injected cron task: not an entry\n");
      expect(bad.stderr).toContain(" !     Invalid injected cron task: @sometimes;/bin/false\n");
      expect(await user.crontab()).toContain("\n@weekly /bin/true\n");
    } finally {
      await writeFile(join(dir, "cron-entries"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
    }
  });

  test("cron-write, what dokku-letsencrypt fires once it finds $PLUGIN_AVAILABLE_PATH/cron/cron-write, regenerates the crontab", async () => {
    const dir = join(host.libRoot, "plugins", "available", "cron-write-test");
    await mkdir(dir, { recursive: true });
    await mkdir(join(host.libRoot, "plugins", "enabled"), { recursive: true });
    await writeFile(join(dir, "plugin.toml"), '[plugin]\ndescription = "cron-write test"\nversion = "0.0.1"\n');
    await symlink(dir, join(host.libRoot, "plugins", "enabled", "cron-write-test"));
    try {
      await writeFile(join(dir, "cron-entries"), "#!/bin/sh\necho '24 6 * * *;dokku letsencrypt:auto-renew;/var/log/dokku/letsencrypt.log'\n", { mode: 0o755 });
      const r = await host.dokku(["plugin:trigger", "cron-write"]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(existsSync(join(host.libRoot, "plugins", "available", "cron", "cron-write"))).toBe(true);
      expect(await user.crontab()).toContain("\n24 6 * * * dokku letsencrypt:auto-renew &>> /var/log/dokku/letsencrypt.log\n");
      await writeFile(join(dir, "cron-entries"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
      expect((await host.dokku(["plugin:trigger", "cron-write"])).code).toBe(0);
      expect((await user.crontab()) ?? "").not.toContain("letsencrypt");
    } finally {
      await rm(join(host.libRoot, "plugins", "enabled", "cron-write-test"), { force: true });
    }
  });

  test("apps:rename moves the tasks to the new name and keeps a suspended one suspended; apps:destroy removes them", async () => {
    const app = await createApp();
    await deployed(app, { cron: [{ command: "python3 a.py", schedule: "@daily" }, { command: "python3 b.py", schedule: "@hourly" }] });
    const [a] = await list(app);
    expect((await host.dokku(["cron:suspend", app, a!.id])).code).toBe(0);
    const renamed = `${app}-renamed`;
    expect((await host.dokku(["apps:rename", "--skip-deploy", app, renamed])).code).toBe(0);
    const tasks = await list(renamed);
    expect(tasks.map((t) => [t.command, t.maintenance])).toEqual([["python3 a.py", true], ["python3 b.py", false]]);
    expect(await linesOf(app)).toEqual([]);
    expect(await linesOf(renamed)).toEqual([`@hourly dokku cron:run ${renamed} ${tasks[1]!.id}`]);
    expect((await host.dokku(["apps:destroy", "--force", renamed])).code).toBe(0);
    expect(await linesOf(renamed)).toEqual([]);
  });

  test("without systemd, docker-local adds ps:retire every 5 minutes to the crontab, even with no task", async () => {
    const env = { DOKKU_INIT_SYSTEM: "sysvinit" };
    expect((await host.dokku(["plugin:trigger", "cron-entries", "docker-local"], { env })).stdout).toBe("*/5 * * * *;dokku ps:retire\n");
    expect((await host.dokku(["plugin:trigger", "cron-entries", "docker-local"])).stdout).toBe(""); // systemd: the timer does it
    expect((await host.dokku(["plugin:trigger", "cron-entries", "null"], { env })).stdout).toBe("");
    expect((await host.dokku(["plugin:trigger", "scheduler-cron-write"], { env })).code).toBe(0);
    expect(await user.crontab()).toContain("\n*/5 * * * * dokku ps:retire\n");
    expect((await host.dokku(["cron:list", "--global", "--format", "json"], { env })).stdout).toContain('"command":"dokku ps:retire"');
    expect((await host.dokku(["plugin:trigger", "scheduler-cron-write"])).code).toBe(0);
    expect(await user.crontab() ?? "").not.toContain("ps:retire");
  });

  test("every schedule the validator accepts is one the real crontab installs", async () => {
    const schedules = ["* * * * *", "*/15 * * * *", "0-30/10 8-18 * * 1-5", "0 0 1,15 * *", "0 12 * jan-mar mon-fri", "0 12 * JAN SUN", "00 05 * * *", "59 23 31 12 6"];
    const descriptors = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];
    const app = await createApp();
    await deployed(app, { cron: [...schedules, ...descriptors].map((schedule) => ({ command: "true", schedule })) });
    const crontab = (await user.crontab()) ?? "";
    for (const schedule of [...schedules, ...descriptors]) expect(crontab).toContain(`\n${schedule} dokku cron:run ${app} `);
    const pushed = await nullApp();
    for (const refused of ["5/15 * * * *", "? * * * *"]) {
      const r = await push(pushed, { cron: [{ command: "true", schedule: refused }] });
      expect(r.code).not.toBe(0);
    }
  });
});
