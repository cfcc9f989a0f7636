// DOCKER_HOST set in /etc/default/dokku reaches both halves of the engine (the API client and the
// docker CLI), whatever the calling process's environment says: a Dockerfile build of an image
// deploy uses both (the API checks the image, the CLI builds it).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { TEST_IMAGES, ensureTestImages, newRunId, requireDocker, sweepDocker } from "../_harness/docker.ts";
import { createTestHost, type TestHost } from "../_harness/host.ts";
import { EngineWorld } from "./_engine.ts";
import { imageInfo } from "./_builders.ts";

const skipReason = await requireDocker();
const NOWHERE = "unix:///nonexistent/docker.sock";

describe.skipIf(skipReason !== undefined)("DOCKER_HOST from /etc/default/dokku", () => {
  const runId = newRunId();
  const app = `it-${runId}-dockerhost`;
  let host: TestHost;
  let alias: AsyncDisposable & { path: string };

  beforeAll(async () => {
    await ensureTestImages();
    host = await createTestHost();
    alias = await new EngineWorld().socketAlias();
    for (const args of [["builder:set", "--global", "selected", "dockerfile"], ["scheduler:set", "--global", "selected", "null"], ["apps:create", app]]) {
      expect((await host.dokku(args)).code).toBe(0);
    }
  }, 15 * 60_000);

  afterAll(async () => {
    await host?.dokku(["apps:destroy", "--force", app]);
    await sweepDocker(runId, `it-${runId}-`);
    await alias?.[Symbol.asyncDispose]();
    await host?.[Symbol.asyncDispose]();
  }, 120_000);

  const defaults = (dockerHost: string) => writeFile(join(host.root, "etc-default-dokku"), `export DOCKER_HOST=${dockerHost}\n`);

  test("the file's daemon is used by the API and the CLI even when the process points elsewhere", async () => {
    await defaults(`unix://${alias.path}`);
    const r = await host.dokku(["git:from-image", app, TEST_IMAGES.base], { env: { DOCKER_HOST: NOWHERE } });
    expect(r.stderr).not.toContain("Docker is not available");
    expect(r.code).toBe(0);
    expect((await imageInfo(`dokku/${app}:latest`))?.labels).toMatchObject({ "com.dokku.app-name": app, "com.dokku.image-stage": "release" });
  }, 300_000);

  test("a dead daemon in the file stops the deploy before any build, though the process's daemon is alive", async () => {
    await defaults(NOWHERE);
    const r = await host.dokku(["git:from-image", app, TEST_IMAGES.base, "--force"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("Docker is not available");
    expect(r.stderr).not.toContain("Building");
  }, 300_000);
});
