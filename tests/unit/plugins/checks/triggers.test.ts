// The checks triggers of one push, in one process as a push runs them: the CHECKS file and the
// app.json healthchecks are checked at core-post-extract, the CHECKS file becomes the app's at
// core-post-deploy; checks-get-property answers the scheduler; install migrates old variables.
import { describe, expect, test } from "bun:test";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createTestCtx } from "../../core/_context.ts";

async function setup() {
  const t = await createTestCtx();
  await mkdir(join(t.root, "home", "web"), { recursive: true });
  await t.ctx.triggers.notify("post-create", "web");
  const work = join(t.root, "work");
  await mkdir(work);
  const q = (name: string, ...args: string[]) => t.ctx.triggers.fire(name, args);
  const committed = () => readFile(join(t.root, "lib", "data", "scheduler-docker-local", "web", "CHECKS"), "utf8").catch(() => undefined);
  return Object.assign(t, { work, q, committed });
}

describe("checks triggers through a push", () => {
  test("the pushed CHECKS file is extracted, committed at core-post-deploy, and removed by a push without one", async () => {
    await using t = await setup();
    await writeFile(join(t.work, "CHECKS"), "WAIT=1\n/ hello\n");
    await t.q("core-post-extract", "web", t.work, "1");
    expect(await t.committed()).toBeUndefined();
    await t.q("core-post-deploy", "web", "", "", "latest");
    expect(await t.committed()).toBe("WAIT=1\n/ hello\n");
    await mkdir(join(t.root, "work2"));
    await t.q("core-post-extract", "web", join(t.root, "work2"), "2");
    await t.q("core-post-deploy", "web", "", "", "latest");
    expect(await t.committed()).toBeUndefined();
  });

  test("a bad CHECKS file or bad app.json healthchecks fail the push at core-post-extract", async () => {
    await using t = await setup();
    await writeFile(join(t.work, "CHECKS"), "WAIT=soon\n/\n");
    await expect(t.q("core-post-extract", "web", t.work, "1")).rejects.toThrow("Invalid CHECKS file: line 1: WAIT must be");
    await writeFile(join(t.work, "CHECKS"), "/ {{ .Env }}\n");
    await expect(t.q("core-post-extract", "web", t.work, "1")).rejects.toThrow("unsupported template expression");
    await writeFile(join(t.work, "CHECKS"), '//{{ var "DOMAIN" }}/ ok\n');
    await t.q("core-post-extract", "web", t.work, "1");
    await writeFile(join(t.work, "app.json"), JSON.stringify({ healthchecks: { worker: [{ uptime: "ten" }] } }));
    await expect(t.q("core-post-extract", "web", t.work, "1")).rejects.toThrow("Invalid app.json file: healthchecks.worker.0.uptime: uptime must be a number");
  });
});

describe("checks-get-property", () => {
  test("numbers are computed app, else global, else default; lists are raw", async () => {
    await using t = await setup();
    expect(await t.q("checks-get-property", "web", "wait-to-retire")).toBe("60\n");
    expect(await t.q("checks-get-property", "web", "default-wait")).toBe("10\n");
    expect(await t.q("checks-get-property", "web", "attempts")).toBe("3\n");
    expect(await t.q("checks-get-property", "web", "disabled")).toBe("\n");
    await t.ctx.props.set("checks", "--global", "wait-to-retire", "30");
    expect(await t.q("checks-get-property", "web", "wait-to-retire")).toBe("30\n");
    await t.ctx.props.set("checks", "web", "wait-to-retire", "0");
    expect(await t.q("checks-get-property", "web", "wait-to-retire")).toBe("0\n");
    await t.ctx.props.set("checks", "web", "skipped", "worker,clock");
    expect(await t.q("checks-get-property", "web", "skipped")).toBe("worker,clock\n");
    await expect(t.q("checks-get-property", "web", "nope")).rejects.toThrow("Invalid checks property specified: nope");
    await t.ctx.props.set("checks", "web", "timeout", "soon");
    await expect(t.q("checks-get-property", "web", "timeout")).rejects.toThrow('Cannot read property "checks.timeout" for app "web": expected an integer');
  });
});

describe("install", () => {
  test("old DOKKU_CHECKS_* variables become properties and leave the config; set properties win", async () => {
    await using t = await setup();
    await t.q("config-set", "--no-restart", "web", "DOKKU_CHECKS_DISABLED=worker", "DOKKU_CHECKS_ENABLED=0", "DOKKU_CHECKS_TIMEOUT=9", "DOKKU_CHECKS_ATTEMPTS=many", "KEEP=1");
    await t.q("config-set", "--global", "DOKKU_WAIT_TO_RETIRE=45", "DOKKU_DEFAULT_CHECKS_WAIT=2");
    await t.ctx.props.set("checks", "web", "timeout", "4");
    await t.q("install");
    expect(await t.ctx.props.getAll("checks", "web")).toEqual({ disabled: "worker", skipped: "_all_", timeout: "4" });
    expect(await t.ctx.props.getAll("checks", "--global")).toEqual({ "wait-to-retire": "45", "default-wait": "2" });
    const app = JSON.parse(await t.q("config-export", "web", "false", "false", "json"));
    expect(app).toEqual({ DOKKU_CHECKS_ATTEMPTS: "many", KEEP: "1" });
    expect(JSON.parse(await t.q("config-export", "", "true", "false", "json"))).toEqual({});
    expect(t.stderr()).toContain('Not migrating DOKKU_CHECKS_ATTEMPTS="many" (web): not a valid attempts value');
  });
});
