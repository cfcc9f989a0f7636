// registry push-on-release against a real registry (Debian's docker-registry on a loopback port):
// the release is tagged SERVER/REPO:N plus the extra tags and pushed with the app's own
// credentials; a failed push fails the release and leaves tag-version alone; apps:destroy removes
// the local registry tags. The Dockerfile builder over the offline base image keeps the build
// short; the null scheduler keeps this about the release.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { TEST_IMAGES, docker, ensureTestImages, newRunId, requireDocker, sweepDocker } from "../_harness/docker.ts";
import { createTestHost, type TestHost } from "../_harness/host.ts";
import { freePort, registrySkipReason, startRegistry, type TestRegistry } from "../_harness/registry.ts";

const skip = (await requireDocker()) ?? registrySkipReason();
const runId = newRunId();
const app = `it-${runId}-reg`;

describe.skipIf(skip !== undefined)("registry push-on-release", () => {
  let host: TestHost;
  let registry: TestRegistry;
  const ok = async (...args: string[]) => {
    const r = await host.dokku(args);
    if (r.code !== 0) throw new Error(`dokku ${args.join(" ")} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
    return r;
  };
  const report = async (flag: string) => (await ok("registry:report", app, flag)).stdout.trim();
  const localTags = async (repo: string) =>
    (await docker(["image", "ls", "--format", "{{.Repository}}:{{.Tag}}", repo])).stdout.split("\n").filter(Boolean).sort();

  beforeAll(async () => {
    await ensureTestImages();
    registry = await startRegistry();
    host = await createTestHost();
    // Global credentials go to the test host's own docker config, never the user's.
    host.env.DOCKER_CONFIG = join(host.root, "docker-config");
    await ok("builder:set", "--global", "selected", "dockerfile");
    await ok("scheduler:set", "--global", "selected", "null");
    await ok("apps:create", app);
  }, 15 * 60_000);

  afterAll(async () => {
    await host?.dokku(["apps:destroy", "--force", app]);
    await sweepDocker(runId, `it-${runId}-`);
    await host?.[Symbol.asyncDispose]();
    await registry?.[Symbol.asyncDispose]();
  });

  test("a release is tagged SERVER/REPO:1 and the extra tags, and pushed", async () => {
    const login = await host.dokku(["registry:login", app, "--password-stdin", registry.address, "tester"], { input: "secret\n" });
    expect(login.code).toBe(0);
    expect(await report("--registry-auth-servers")).toBe(registry.address);
    await ok("registry:set", app, "server", registry.address);
    await ok("registry:set", app, "image-repo", `acme/${app}`);
    await ok("registry:set", app, "push-extra-tags", "stable");
    await ok("registry:set", app, "push-on-release", "true");

    const deploy = await ok("git:from-image", app, TEST_IMAGES.base);
    expect(deploy.stdout).toContain("-----> Pushing image to registry");
    expect(await registry.tags(`acme/${app}`)).toEqual(["1", "stable"]);
    expect(await report("--registry-tag-version")).toBe("1");
    expect((await ok("plugin:trigger", "deployed-app-image-tag", app)).stdout.trim()).toBe("1");
    expect(await localTags(`${registry.address}/acme/${app}`)).toEqual([`${registry.address}/acme/${app}:1`, `${registry.address}/acme/${app}:stable`]);
    expect((await host.dokku(["registry:logout", app, registry.address])).code).toBe(0);
    expect(await report("--registry-auth-servers")).toBe("");
  }, 300_000);

  test("a push that fails fails the release and keeps tag-version", async () => {
    const dead = `127.0.0.1:${await freePort("127.0.0.1")}`;
    await ok("registry:set", app, "server", dead);
    const rebuild = await host.dokku(["ps:rebuild", app]);
    expect(rebuild.code).not.toBe(0);
    expect(rebuild.stderr + rebuild.stdout).toContain(`Unable to push image ${dead}/acme/${app}:2`);
    expect(await report("--registry-tag-version")).toBe("1");

    await ok("registry:set", app, "server", registry.address);
    await ok("ps:rebuild", app);
    expect(await registry.tags(`acme/${app}`)).toEqual(["1", "2", "stable"]);
    expect(await report("--registry-tag-version")).toBe("2");
    // The registry keeps every release; locally only the current pushed tag stays.
    expect(await localTags(`${registry.address}/acme/${app}`)).toEqual([`${registry.address}/acme/${app}:2`, `${registry.address}/acme/${app}:stable`]);
  }, 300_000);

  test("apps:destroy removes the app's local registry tags and credentials", async () => {
    await ok("apps:destroy", "--force", app);
    expect(await localTags(`${registry.address}/acme/${app}`)).toEqual([]);
    expect(await localTags(`acme/${app}`)).toEqual([]);
    expect(existsSync(join(host.libRoot, "config", "registry", app, "config.json"))).toBe(false);
  }, 120_000);
});
