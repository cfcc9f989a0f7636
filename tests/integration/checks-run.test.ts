// checks:run on real containers: the app's running containers are found by their labels, the live
// one of a type and index is the one the scheduler recorded, and bad selections fail clearly.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { requireDocker } from "../_harness/docker.ts";
import { ChecksWorld, ok, webScript } from "./_checks.ts";

const skip = await requireDocker();
const world = new ChecksWorld();

beforeAll(async () => {
  if (!skip) await world.setUp();
}, 15 * 60_000);

afterAll(async () => {
  if (!skip) await world.tearDown();
});

/** An app whose formation is web=1 worker=1, with web checked for `content`, and both running. */
async function runningApp(content: string): Promise<string> {
  const app = await world.app({ healthchecks: { web: [{ type: "startup", name: "home", path: "/", content, attempts: 1 }] } });
  ok(await world.dokku("plugin:trigger", "ps-set-scale", app, "true", "true", "web=1", "worker=1"), "ps-set-scale");
  ok(await world.dokku("checks:set", app, "default-wait", "0"), "checks:set");
  return app;
}

describe.skipIf(Boolean(skip))("checks:run", () => {
  test("checks every container of the formation, or the types and indexes named", async () => {
    const app = await runningApp("hello from");
    await world.start(app, webScript(app));
    await world.start(app, "exec sleep 600", "worker");
    const all = await world.dokku("checks:run", app);
    expect(all.stdout).toContain(`-----> Running pre-flight checks\n-----> Running checks for app (${app}.web.1)\n`);
    expect(all.stdout).toContain("Healthcheck succeeded name='home'");
    expect(all.stdout).toContain(`       All checks successful (web.1)\n-----> Running checks for app (${app}.worker.1)\n`);
    expect(all.stdout).toContain("All checks successful (worker.1)");
    expect(all.code).toBe(0);
    const one = await world.dokku("checks:run", app, "worker.1");
    expect(one.stdout).not.toContain("web.1");
    expect(one.stdout).toContain("All checks successful (worker.1)");
    ok(await world.dokku("checks:disable", app, "worker"), "checks:disable");
    const disabled = await world.dokku("checks:run", app);
    expect(disabled.stdout).toContain(`-----> Zero downtime is disabled for app (${app}.worker). Skipping checks`);
    expect(disabled.stdout).not.toContain("(worker.1)");
    expect(disabled.code).toBe(0);
  });

  test("the container recorded in CONTAINER.TYPE.N is checked, not a newer one of the same index", async () => {
    const app = await runningApp("hello from live");
    const live = await world.start(app, webScript("live"));
    await world.start(app, webScript("retiring"));
    await world.start(app, "exec sleep 600", "worker");
    await mkdir(join(world.host.dokkuRoot, app), { recursive: true });
    await writeFile(join(world.host.dokkuRoot, app, "CONTAINER.web.1"), `${live.id}\n`);
    const r = await world.dokku("checks:run", app, "web");
    expect(r.stdout).toContain("All checks successful (web.1)");
    expect(r.code).toBe(0);
  });

  test("a failing check fails the run; unknown types and indexes are refused", async () => {
    const app = await runningApp("not on the page");
    const c = await world.start(app, webScript(app));
    const failed = await world.dokku("checks:run", app, "web");
    expect(failed.stderr).toContain("Could not start due to 1 failed checks (web.1)");
    expect(failed.stdout).toContain(`=====> Start of ${app} container output (${c.id.slice(0, 12)} web.1)\n       booting ${app}\n`);
    expect(failed.stdout).toContain(`=====> End of ${app} container output (${c.id.slice(0, 12)} web.1)`);
    expect(failed.code).toBe(1);
    const cases: [string, string][] = [
      ["clock", `Invalid process type specified (${app}.clock)`],
      ["worker.2", `Invalid container index specified (${app}.worker.2)`],
      ["worker", `Invalid container index specified (${app}.worker.1)`],
      ["web.x", `Invalid container index specified (${app}.web.x)`],
      ["we$b", `Invalid process type specified (${app}.we$b)`],
    ];
    for (const [selection, message] of cases) {
      const r = await world.dokku("checks:run", app, selection);
      expect(r.stderr, selection).toBe(` !     ${message}\n`);
      expect(r.code, selection).toBe(1);
    }
  });
});
