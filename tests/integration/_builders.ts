// Shared set-up for the builder integration suites: a temp host building with the offline
// herokuish test image, run-scoped apps, fixture work directories and image inspection.
import { expect } from "bun:test";
import { cp, mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FIXTURE_APPS_DIR, TEST_IMAGES, docker, ensureTestImages, newRunId, sweepDocker } from "../_harness/docker.ts";
import { type RunResult, type TestHost, createTestHost, run } from "../_harness/host.ts";

export type Builder = "herokuish" | "dockerfile";

/** Dokku's build-stage image labels (reference 6.2). */
export function buildLabels(app: string, builder: Builder): Record<string, string> {
  return {
    dokku: "",
    "org.label-schema.schema-version": "1.0",
    "org.label-schema.vendor": "dokku",
    "com.dokku.image-stage": "build",
    "com.dokku.builder-type": builder,
    "com.dokku.app-name": app,
  };
}

export async function imageInfo(ref: string): Promise<{ id: string; labels: Record<string, string> } | undefined> {
  const r = await docker(["image", "inspect", ref, "--format", "{{json .Id}} {{json .Config.Labels}}"]);
  if (r.code !== 0) return undefined;
  const [id, labels] = r.stdout.trim().split(" ", 2);
  return { id: JSON.parse(id!), labels: JSON.parse(labels!) ?? {} };
}

/** One suite's world: call `start()` in beforeAll and `stop()` in afterAll. */
export class BuilderWorld {
  readonly runId = newRunId();
  readonly prefix = `it-${this.runId}-`;
  private readonly apps: string[] = [];
  private n = 0;
  private current?: TestHost;

  get host(): TestHost {
    if (!this.current) throw new Error("BuilderWorld.start() has not run");
    return this.current;
  }

  async start(): Promise<void> {
    await ensureTestImages();
    this.current = await createTestHost();
    this.current.env.DOKKU_IMAGE = TEST_IMAGES.herokuish;
    await this.installShims();
  }

  async stop(): Promise<void> {
    if (!this.current) return;
    for (const app of this.apps) {
      await this.host.dokku(["apps:destroy", "--force", app]);
      await docker(["volume", "rm", "-f", `cache-${app}`]);
      await docker(["image", "prune", "-f", "--filter", `label=com.dokku.app-name=${app}`]);
    }
    await sweepDocker(this.runId, this.prefix);
    await this.current[Symbol.asyncDispose]();
  }

  /** Creates a run-scoped app, destroyed by `stop()`. */
  async createApp(suffix: string): Promise<string> {
    const app = `${this.prefix}${suffix}`;
    expect((await this.host.dokku(["apps:create", app])).code).toBe(0);
    this.apps.push(app);
    return app;
  }

  /** A fresh copy of a fixture app (plus extra files), as the git plugin would extract it. */
  async workdir(fixture: string, extra: Record<string, string> = {}): Promise<string> {
    const dir = join(this.host.root, "work", `${fixture}-${++this.n}`);
    await mkdir(dir, { recursive: true });
    await cp(join(FIXTURE_APPS_DIR, fixture), dir, { recursive: true });
    for (const [name, text] of Object.entries(extra)) await writeFile(join(dir, name), text);
    return dir;
  }

  /** The extract hooks and builder detection, then `builder-build`: what the receive path runs. */
  async build(app: string, fixture: string, expected: Builder): Promise<RunResult> {
    const dir = await this.workdir(fixture);
    for (const hook of ["core-post-extract", "post-extract"]) {
      expect((await this.host.dokku(["plugin:trigger", hook, app, dir, "rev"])).code).toBe(0);
    }
    const detected = (await this.host.dokku(["plugin:trigger", "builder-detect", app, dir])).stdout.split("\n")[0] || "herokuish";
    expect(detected).toBe(expected);
    return this.host.dokku(["plugin:trigger", "builder-build", detected, app, dir]);
  }

  /** A tar of a fixture (plus extra files), deployed with `git:from-archive`. */
  async deployArchive(app: string, fixture: string, extra: Record<string, string> = {}): Promise<RunResult> {
    const dir = await this.workdir(fixture, extra);
    const archive = `${dir}.tar`;
    expect((await run(["tar", "-C", dir, "-cf", archive, "."])).code).toBe(0);
    return this.host.dokku(["git:from-archive", app, archive]);
  }

  /**
   * Test shim for plugins these suites do not exercise: `docker-args-build` prints
   * `LIB/build-args-APP` (docker-options), `ports-set-detected` records its args in `LIB/ports-APP`.
   */
  private async installShims(): Promise<void> {
    const lib = this.host.libRoot;
    const dir = join(lib, "plugins", "available", "builder-test-shim");
    await mkdir(dir, { recursive: true });
    await mkdir(join(lib, "plugins", "enabled"), { recursive: true });
    await writeFile(join(dir, "plugin.toml"), '[plugin]\ndescription = "builder test shim"\nversion = "0.0.1"\n');
    await writeFile(join(dir, "docker-args-build"), `#!/bin/sh\nf="${lib}/build-args-$1"\n[ -f "$f" ] && cat "$f"\nexit 0\n`, { mode: 0o755 });
    await writeFile(join(dir, "ports-set-detected"), `#!/bin/sh\napp="$1"; shift\necho "$*" > "${lib}/ports-$app"\n`, { mode: 0o755 });
    await symlink(dir, join(lib, "plugins", "enabled", "builder-test-shim"));
  }
}
