// Container ownership on apps:destroy and scheduler-stop: the docker-local scheduler stops and
// removes the app's containers (found by label, never by name); the builder removes only its own
// build containers; another app's containers stay.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { RUN_LABEL, TEST_IMAGES, docker, ensureTestImages, newRunId, requireDocker, sweepDocker } from "../_harness/docker.ts";
import { createTestHost, type TestHost } from "../_harness/host.ts";

const skipReason = await requireDocker();

describe.skipIf(skipReason !== undefined)("app containers belong to the scheduler", () => {
  const runId = newRunId();
  const prefix = `it-${runId}-`;
  let host: TestHost;

  beforeAll(async () => {
    await ensureTestImages();
    host = await createTestHost();
  }, 15 * 60_000);
  afterAll(async () => {
    await sweepDocker(runId, prefix);
    await host?.[Symbol.asyncDispose]();
  }, 120_000);

  /** A running (or only created) container labelled for `app`, named `name`. */
  async function container(app: string, name: string, options: { labels?: string[]; start?: boolean } = {}): Promise<string> {
    const labels = [`--label=${RUN_LABEL}=${runId}`, `--label=com.dokku.app-name=${app}`, ...(options.labels ?? [])];
    const verb = options.start === false ? ["container", "create"] : ["run", "-d"];
    const r = await docker([...verb, "--init", "--restart=always", "--name", name, ...labels, TEST_IMAGES.base, "sleep", "infinity"]);
    expect(r.code).toBe(0);
    return r.stdout.trim();
  }

  const state = async (id: string) => {
    const r = await docker(["container", "inspect", "--format", "{{.State.Status}} {{.HostConfig.RestartPolicy.Name}}", id]);
    return r.code === 0 ? r.stdout.trim() : "gone";
  };

  async function createApp(suffix: string): Promise<string> {
    const app = `${prefix}${suffix}`;
    expect((await host.dokku(["apps:create", app])).code).toBe(0);
    return app;
  }

  test("apps:destroy removes every container of the app, running or not, and leaves another app's alone", async () => {
    const app = await createApp("gone");
    const other = await createApp("kept");
    const web = await container(app, `${app}.web.1`, { labels: ["--label=com.dokku.process-type=web"] });
    const created = await container(app, `${app}.worker.1`, { start: false });
    const build = await container(app, `${prefix}build-1`, { labels: ["--label=com.dokku.image-stage=build"] });
    const others = await container(other, `${other}.web.1`);
    // Named like the app's container but labelled for the other app: identity is the label.
    const lookalike = await container(other, `${app}.web.2`);
    await mkdir(join(host.libRoot, "data", "scheduler-docker-local", app), { recursive: true });

    const r = await host.dokku(["apps:destroy", "--force", app]);
    expect(r.code).toBe(0);
    expect({ web: await state(web), created: await state(created), build: await state(build) }).toEqual({ web: "gone", created: "gone", build: "gone" });
    expect({ others: await state(others), lookalike: await state(lookalike) }).toEqual({ others: "running always", lookalike: "running always" });
    await expect(stat(join(host.libRoot, "data", "scheduler-docker-local", app))).rejects.toThrow();
  }, 120_000);

  test("scheduler-stop docker-local stops the app's containers with the restart policy off and keeps them", async () => {
    const app = await createApp("stopped");
    const web = await container(app, `${app}.web.1`);
    const build = await container(app, `${prefix}build-2`, { labels: ["--label=com.dokku.image-stage=build"] });
    const r = await host.dokku(["plugin:trigger", "scheduler-stop", "docker-local", app]);
    expect(r.code).toBe(0);
    expect(await state(web)).toBe("exited no");
    // A build in progress is the builder's: stopping the app does not cancel it.
    expect(await state(build)).toBe("running always");
  }, 120_000);

  test("with another scheduler selected, docker-local leaves the app's containers; the builder still removes its build containers", async () => {
    const app = await createApp("nullsched");
    expect((await host.dokku(["scheduler:set", app, "selected", "null"])).code).toBe(0);
    const web = await container(app, `${app}.web.1`);
    const build = await container(app, `${prefix}build-3`, { labels: ["--label=com.dokku.image-stage=build"] });
    expect((await host.dokku(["apps:destroy", "--force", app])).code).toBe(0);
    expect({ web: await state(web), build: await state(build) }).toEqual({ web: "running always", build: "gone" });
  }, 120_000);
});
