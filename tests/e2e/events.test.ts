// events:on / events / events:off on the compiled binary: a deploy's triggers in Dokku's line
// format, logged in-process by the trigger bus, and nothing once events are off.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { type TestHost, createTestHost, dokkuCommand, run } from "../_harness/host.ts";

const LINE = /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ dokku-event\[\d+\]: INVOKED: (\S+)\( (.*) \) NAME=(\S*) FINGERPRINT=(\S*) DOKKU_PID=\d+$/;

describe("events", () => {
  let host: TestHost;
  let log: string;

  beforeAll(async () => {
    host = await createTestHost("dokku-events-");
    log = join(host.env.DOKKU_LOGS_DIR!, "events.log");
  });
  afterAll(() => host?.[Symbol.asyncDispose]());

  async function deployNull(app: string) {
    expect((await host.dokku(["builder:set", app, "selected", "null"])).code).toBe(0);
    expect((await host.dokku(["scheduler:set", app, "selected", "null"])).code).toBe(0);
    const dir = join(host.root, `src-${app}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "Procfile"), "web: ./web.sh\n");
    expect((await run(["tar", "-C", dir, "-cf", `${dir}.tar`, "."])).code).toBe(0);
    const r = await host.dokku(["git:from-archive", app, `${dir}.tar`], { env: { NAME: "alice", FINGERPRINT: "SHA256:test" } });
    expect(r.code, r.stderr).toBe(0);
  }

  test("events:on, a deploy, then `events` shows the deploy's triggers; events:off stops logging", async () => {
    expect((await host.dokku(["events:list"])).stderr).toBe(" !     Events logger disabled\n");
    expect((await host.dokku(["apps:create", "evapp"])).code).toBe(0);
    expect(existsSync(log)).toBe(false);

    expect((await host.dokku(["events:on"])).stdout).toBe("Enabling dokku events logger\n");
    expect(readFileSync(join(host.dokkuRoot, ".dokkurc", "DOKKU_EVENTS"), "utf8")).toBe("export DOKKU_EVENTS=1\n");
    await deployNull("evapp");

    const shown = (await host.dokku(["events"])).stdout.trimEnd().split("\n");
    expect(shown.length).toBeGreaterThan(10);
    for (const line of shown) expect(line).toMatch(LINE);
    const fired = shown.map((line) => LINE.exec(line)![1]);
    for (const trigger of ["core-post-extract", "builder-build", "release-and-deploy", "builder-release", "scheduler-deploy"]) expect(fired).toContain(trigger);
    const deploy = shown.find((line) => line.includes("INVOKED: scheduler-deploy("))!;
    expect(deploy).toContain("INVOKED: scheduler-deploy( null evapp latest ) NAME=alice FINGERPRINT=SHA256:test DOKKU_PID=");

    const listed = (await host.dokku(["events:list"])).stdout.split("\n");
    expect(listed[0]).toBe("=====> Events currently logged");
    expect(listed).toContain("post-deploy");

    expect((await host.dokku(["events:off"])).stdout).toBe("Disabling dokku events logger\n");
    const size = readFileSync(log).length;
    await deployNull("evapp");
    expect(readFileSync(log).length).toBe(size);
    expect(existsSync(join(host.dokkuRoot, ".dokkurc", "DOKKU_EVENTS"))).toBe(false);
  });

  test("`events` shows the last 100 lines; `events -t` follows what is appended", async () => {
    await mkdir(dirname(log), { recursive: true });
    await writeFile(log, Array.from({ length: 150 }, (_, i) => `line ${i}\n`).join(""));
    const last = (await host.dokku(["events"])).stdout.split("\n").filter(Boolean);
    expect(last).toHaveLength(100);
    expect(last[0]).toBe("line 50");

    const child = spawn(dokkuCommand()[0]!, [...dokkuCommand().slice(1), "events", "-t"], { env: host.env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    try {
      const until = async (check: () => boolean) => {
        for (let i = 0; i < 1500 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
        expect(check()).toBe(true);
      };
      await until(() => out.includes("line 149\n"));
      expect(out.split("\n").filter(Boolean)).toHaveLength(10);
      await writeFile(log, "appended later\n", { flag: "a" });
      await until(() => out.endsWith("appended later\n"));
    } finally {
      child.kill("SIGTERM");
    }
  });
  test("bad input: a log that cannot be written is one warning per command, and the command still succeeds", async () => {
    const blocked = join(host.root, "a-file-not-a-dir");
    await writeFile(blocked, "");
    const env = { DOKKU_LOGS_DIR: join(blocked, "log") };
    const on = await host.dokku(["events:on"], { env });
    expect(on.code).toBe(0);
    expect(on.stderr).toStartWith(` !     Unable to prepare the events log ${join(blocked, "log", "events.log")}: `);
    const r = await host.dokku(["apps:create", "evblocked"], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.split("\n").filter((line) => line.includes("Unable to write the events log"))).toHaveLength(1);
    expect((await host.dokku(["apps:exists", "evblocked"])).code).toBe(0);
    expect((await host.dokku(["events:off"])).code).toBe(0);
  });
});
