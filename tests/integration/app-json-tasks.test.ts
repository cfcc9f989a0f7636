// app.json deploy tasks on real Docker (reference 10.5): the predeploy task's result is committed
// onto the release image with the image's own command restored; the Procfile `release` task runs
// in a throw-away container; a failing task fails the deploy with Dokku's message.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { docker, requireDocker } from "../_harness/docker.ts";
import { BuilderWorld, imageInfo } from "./_builders.ts";

const skip = (await requireDocker()) !== undefined;
const world = new BuilderWorld();

describe.skipIf(skip)("app.json tasks", () => {
  beforeAll(async () => {
    await world.start();
    expect((await world.host.dokku(["scheduler:set", "--global", "selected", "null"])).code).toBe(0);
  }, 15 * 60_000);

  afterAll(() => world.stop(), 120_000);

  test("herokuish: predeploy is committed onto the image, release runs, both framed; no task containers remain", async () => {
    const app = await world.createApp("tasks");
    expect((await world.host.dokku(["config:set", "--no-restart", app, "GREETING=hi there"])).code).toBe(0);
    const appJson = JSON.stringify({ scripts: { dokku: { predeploy: 'echo "predeploy says $GREETING" > /app/predeploy.txt && echo predeploy-ran' } } });
    const procfile = "web: ./web.sh\nworker: ./worker.sh\nrelease: echo release-ran-$GREETING\n";
    const r = await world.deployArchive(app, "buildpack-procfile", { "app.json": appJson, Procfile: procfile });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("-----> Checking for predeploy task");
    expect(r.stdout).toMatch(/=====> Start of .*-tasks predeploy task \([0-9a-f]{9}\) output\n {7}predeploy-ran\n=====> End of .*-tasks predeploy task/);
    expect(r.stdout).toContain("       release-ran-hi there");
    const image = await imageInfo(`dokku/${app}:latest`);
    expect(image?.labels["com.dokku.predeploy-phase"]).toBe("true");
    const cat = await docker(["run", "--rm", "--entrypoint", "cat", `dokku/${app}:latest`, "/app/predeploy.txt"]);
    expect(cat.stdout).toBe("predeploy says hi there\n");
    const leftovers = await docker(["ps", "-aq", "--filter", `label=com.dokku.app-name=${app}`, "--filter", "label=dokku_phase_script"]);
    expect(leftovers.stdout.trim()).toBe("");
  }, 600_000);

  test("a failing predeploy fails the deploy with the command and its output", async () => {
    const app = await world.createApp("badtask");
    const appJson = JSON.stringify({ scripts: { dokku: { predeploy: "echo about-to-fail; exit 3" } } });
    const r = await world.deployArchive(app, "buildpack-procfile", { "app.json": appJson });
    expect(r.code).not.toBe(0);
    expect(r.stdout).toContain("       about-to-fail");
    expect(r.stderr).toContain("Execution of predeploy task failed: echo about-to-fail; exit 3");
    const leftovers = await docker(["ps", "-aq", "--filter", `label=com.dokku.app-name=${app}`, "--filter", "label=dokku_phase_script"]);
    expect(leftovers.stdout.trim()).toBe("");
  }, 600_000);

  test("dockerfile: the task runs with sh -c and the image keeps its own CMD after the commit", async () => {
    const app = await world.createApp("dftask");
    const appJson = JSON.stringify({ scripts: { dokku: { predeploy: "touch /srv/www/predeployed.txt" } } });
    const r = await world.deployArchive(app, "dockerfile-hello", { "app.json": appJson });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const cmd = await docker(["image", "inspect", "--format", "{{json .Config.Cmd}} {{json .Config.Entrypoint}}", `dokku/${app}:latest`]);
    expect(cmd.stdout).toContain('["sh","-c","exec mini_httpd');
    const ls = await docker(["run", "--rm", "--entrypoint", "ls", `dokku/${app}:latest`, "/srv/www/predeployed.txt"]);
    expect(ls.code).toBe(0);
  }, 600_000);
});
