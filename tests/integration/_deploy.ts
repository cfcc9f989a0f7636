// Shared set-up for the deploy suites: a temp host deploying with the offline herokuish image and
// the docker-local scheduler, run-scoped apps, a test plugin standing in for the checks plugin
// (wait-to-retire, a port check, a check that fails on demand) and for crash points (kill -9 of
// the deploying dokku process at a chosen trigger), and views of what runs.
import { expect } from "bun:test";
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FIXTURE_APPS_DIR, TEST_IMAGES, docker, ensureTestImages, newRunId, sweepDocker } from "../_harness/docker.ts";
import { type RunResult, type TestHost, createTestHost, run } from "../_harness/host.ts";
import { installTriggerPlugin } from "../e2e/git-fixtures.ts";

/** Triggers of the deploy path the test plugin can kill the deploying process at. */
export const KILL_POINTS = ["post-container-create", "check-deploy", "network-write-ipaddr", "core-post-deploy", "post-deploy"] as const;
export type KillPoint = (typeof KILL_POINTS)[number];

export interface AppContainer {
  id: string;
  name: string;
  state: string;
  image: string;
  labels: Record<string, string>;
  env: string[];
}

/** Shell of the test plugin's triggers; `$DOKKU_LIB_ROOT` is the test host's. */
function killAt(point: string): string {
  return `if [ "$(cat "$DOKKU_LIB_ROOT/test-kill-at" 2>/dev/null)" = "${point}" ]; then rm -f "$DOKKU_LIB_ROOT/test-kill-at"; kill -9 "$PPID"; exit 0; fi`;
}

const CHECK_DEPLOY = [
  // $1 APP $2 CID $3 TYPE $4 PORT $5 IP $6 INDEX
  `if [ -f "$DOKKU_LIB_ROOT/test-fail-check-$1" ]; then echo "test check failed for $3.$6"; exit 1; fi`,
  // A web container passes once its port accepts connections (bounded, about 20 s).
  `if [ "$3" = web ] && [ -n "$5" ]; then i=0; until bash -c "exec 3<>/dev/tcp/$5/$4" 2>/dev/null; do i=$((i+1)); [ $i -gt 200 ] && echo "port $4 never opened" && exit 1; sleep 0.1; done; fi`,
  killAt("check-deploy"),
  "exit 0",
].join("\n");

export class DeployWorld {
  /** `dockerHost`: a private daemon's DOCKER_HOST (restore tests), else the machine's daemon. */
  constructor(private readonly dockerHost?: string) {}

  readonly runId = newRunId();
  readonly prefix = `it-${this.runId}-`;
  private readonly apps: string[] = [];
  private n = 0;
  private current?: TestHost;

  get host(): TestHost {
    if (!this.current) throw new Error("DeployWorld.start() has not run");
    return this.current;
  }

  async start(): Promise<void> {
    await ensureTestImages();
    this.current = await createTestHost();
    this.current.env.DOKKU_IMAGE = TEST_IMAGES.herokuish;
    if (this.dockerHost) this.current.env.DOCKER_HOST = this.dockerHost;
    await installTriggerPlugin(this.current, "test-deploy-hooks", {
      "checks-get-property": `[ "$2" = wait-to-retire ] && cat "$DOKKU_LIB_ROOT/test-wait-to-retire" 2>/dev/null || true\nexit 0`,
      "check-deploy": CHECK_DEPLOY,
      ...Object.fromEntries(KILL_POINTS.filter((p) => p !== "check-deploy").map((p) => [p, `${killAt(p)}\nexit 0`])),
    });
    await writeFile(join(this.host.libRoot, "test-wait-to-retire"), "0\n");
  }

  async stop(): Promise<void> {
    if (!this.current) return;
    for (const app of this.apps) {
      await this.host.dokku(["apps:destroy", "--force", app]);
      await docker(["volume", "rm", "-f", `cache-${app}`]);
    }
    await sweepDocker(this.runId, this.prefix);
    await this.current[Symbol.asyncDispose]();
  }

  /** Runs dokku and requires exit 0. */
  async ok(...argv: string[]): Promise<RunResult> {
    const r = await this.host.dokku(argv);
    if (r.code !== 0) throw new Error(`dokku ${argv.join(" ")} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
    return r;
  }

  async createApp(suffix: string): Promise<string> {
    const app = `${this.prefix}${suffix}`;
    await this.ok("apps:create", app);
    this.apps.push(app);
    return app;
  }

  /** `git:from-archive` of a fixture (plus extra or replaced files): build, release, deploy. */
  async deploy(app: string, fixture: string, extra: Record<string, string> = {}): Promise<RunResult> {
    const dir = join(this.host.root, "work", `${fixture}-${++this.n}`);
    await mkdir(dir, { recursive: true });
    await cp(join(FIXTURE_APPS_DIR, fixture), dir, { recursive: true });
    for (const [name, text] of Object.entries(extra)) await writeFile(join(dir, name), text, { mode: 0o755 });
    const archive = `${dir}.tar`;
    expect((await run(["tar", "-C", dir, "-cf", archive, "."])).code).toBe(0);
    return this.host.dokku(["git:from-archive", app, archive]);
  }

  /** The test plugin's check fails for APP while set. */
  async failChecks(app: string, fail: boolean): Promise<void> {
    const marker = join(this.host.libRoot, `test-fail-check-${app}`);
    if (fail) await writeFile(marker, "");
    else await rm(marker, { force: true });
  }

  /** The next deploy step at `point` kills the deploying dokku process with SIGKILL. */
  async killAt(point: KillPoint): Promise<void> {
    await writeFile(join(this.host.libRoot, "test-kill-at"), `${point}\n`);
  }

  /** True while a kill point set with killAt has not been reached. */
  async killPending(): Promise<boolean> {
    return (await readFile(join(this.host.libRoot, "test-kill-at"), "utf8").catch(() => undefined)) !== undefined;
  }

  /** A state file of the app directory (`CONTAINER.web.1`, `IP.web.1`...), trimmed; undefined when absent. */
  async stateFile(app: string, name: string): Promise<string | undefined> {
    return (await readFile(join(this.host.dokkuRoot, app, name), "utf8").catch(() => undefined))?.trim();
  }

  /** GET path from the dyno through its IP and PORT files (the addresses the proxy uses). */
  async get(app: string, path = "/", dyno = "web.1"): Promise<string> {
    const ip = await this.stateFile(app, `IP.${dyno}`);
    const port = (await this.stateFile(app, `PORT.${dyno}`)) ?? "5000";
    if (!ip) throw new Error(`${app} has no IP.${dyno}`);
    const response = await fetch(`http://${ip}:${port}${path}`, { signal: AbortSignal.timeout(5_000) });
    return response.text();
  }

  /** Every container labelled with the app, inspected. */
  async containers(app: string): Promise<AppContainer[]> {
    const env = this.dockerHost ? { env: { DOCKER_HOST: this.dockerHost } } : {};
    const ids = (await docker(["ps", "-aq", "--no-trunc", "--filter", `label=com.dokku.app-name=${app}`], env)).stdout.split("\n").filter(Boolean);
    if (ids.length === 0) return [];
    const r = await docker(["container", "inspect", ...ids], env);
    const docs = JSON.parse(r.stdout) as { Id: string; Name: string; Image: string; State: { Status: string }; Config: { Labels: Record<string, string>; Env: string[] } }[];
    return docs.map((d) => ({ id: d.Id, name: d.Name.replace(/^\//, ""), state: d.State.Status, image: d.Image, labels: d.Config.Labels ?? {}, env: d.Config.Env ?? [] }));
  }

  /** The app's running deploy containers as sorted `TYPE.N` dynos. */
  async runningDynos(app: string): Promise<string[]> {
    return (await this.containers(app))
      .filter((c) => c.state === "running" && c.labels["com.dokku.container-type"] === "deploy")
      .map((c) => c.labels["com.dokku.dyno"]!)
      .sort();
  }

  /** Polls until `check` returns a value (bounded); never a fixed sleep. */
  async waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
