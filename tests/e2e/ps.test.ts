// ps commands that need no running scheduler: the formation, properties, reports, and the
// Procfile taken from a push (null builder and scheduler), with Dokku's messages for bad input.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { createTestHost, type TestHost } from "../_harness/host.ts";
import { makeRepo, push } from "./git-fixtures.ts";

describe("ps", () => {
  let host: TestHost;

  beforeAll(async () => {
    host = await createTestHost();
    expect((await host.dokku(["apps:create", "web"])).code).toBe(0);
  }, 60_000);

  afterAll(() => host?.[Symbol.asyncDispose](), 60_000);

  test("a new app runs one web process; ps:scale prints it as text and json", async () => {
    const text = await host.dokku(["ps:scale", "web"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe("-----> Scaling for web\nproctype: qty\n--------: ---\nweb:      1\n");
    expect((await host.dokku(["ps:scale", "--format", "json", "web"])).stdout).toBe('[{"process_type":"web","quantity":1}]\n');
    expect((await host.dokku(["--quiet", "ps:scale", "web"])).stdout).toBe("web:      1\n");
  }, 60_000);

  test("ps:scale records counts; without a Procfile only web can scale up", async () => {
    const r = await host.dokku(["ps:scale", "--skip-deploy", "web", "web=3"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("-----> Scaling web processes: web=3");
    expect((await host.dokku(["plugin:trigger", "ps-current-scale", "web"])).stdout).toBe("web=3");
    const worker = await host.dokku(["ps:scale", "web", "worker=1"]);
    expect(worker.code).toBe(1);
    expect(worker.stderr).toContain("worker is not a valid process name to scale up");
    expect((await host.dokku(["ps:scale", "web", "web=1"])).code).toBe(0);
  }, 60_000);

  test("bad ps:scale input: one clear line, non-zero exit, formation untouched", async () => {
    const cases: [string[], string, number][] = [
      [["ps:scale", "nope", "web=1"], "App nope does not exist", 20],
      [["ps:scale", "web", "web"], "Missing count for process type web", 1],
      [["ps:scale", "web", "web=two"], "Invalid count for process type web", 1],
      [["ps:scale", "web", "web=-1"], "Invalid count for process type web", 1],
      [["ps:scale", "web", "w$b=1"], "Invalid process type w$b", 1],
      [["ps:scale", "--format", "yaml", "web"], "Invalid --format value specified: yaml", 1],
    ];
    for (const [argv, message, code] of cases) {
      const r = await host.dokku(argv);
      expect(r.code, argv.join(" ")).toBe(code);
      expect(r.stderr, argv.join(" ")).toContain(message);
    }
    expect((await host.dokku(["plugin:trigger", "ps-current-scale", "web"])).stdout).toBe("web=1");
  }, 60_000);

  test("ps:set validates values; ps:report shows app, global and computed values", async () => {
    expect((await host.dokku(["ps:set", "web", "restart-policy", "sometimes"])).stderr).toContain("Invalid restart-policy specified: sometimes");
    expect((await host.dokku(["ps:set", "web", "stop-timeout-seconds", "1.5"])).stderr).toContain("Invalid stop-timeout-seconds specified");
    expect((await host.dokku(["ps:set", "web", "procfile-path", "../Procfile"])).stderr).toContain("Invalid procfile-path specified");
    expect((await host.dokku(["ps:set", "web", "nope", "x"])).stderr).toContain("Invalid property specified, valid properties include:");
    expect((await host.dokku(["ps:set", "--global", "dockerfile-start-cmd", "x"])).stderr).toContain("Property cannot be specified globally");
    expect((await host.dokku(["ps:report", "web", "--ps-computed-restart-policy"])).stdout).toBe("on-failure:10\n");
    expect((await host.dokku(["ps:set", "--global", "restart-policy", "always"])).code).toBe(0);
    expect((await host.dokku(["ps:report", "web", "--ps-computed-restart-policy"])).stdout).toBe("always\n");
    expect((await host.dokku(["ps:set", "web", "restart-policy", "on-failure:3"])).stdout).toContain("=====> Setting restart-policy to on-failure:3");
    expect((await host.dokku(["ps:report", "web", "--ps-computed-restart-policy"])).stdout).toBe("on-failure:3\n");
    expect((await host.dokku(["ps:report", "web", "--ps-global-restart-policy"])).stdout).toBe("always\n");
    expect((await host.dokku(["ps:report", "--global", "--ps-global-restart-policy"])).stdout).toBe("always\n");
    expect((await host.dokku(["ps:report", "web", "--deployed"])).stdout).toBe("false\n");
    expect((await host.dokku(["plugin:trigger", "ps-get-property", "web", "restart-policy"])).stdout).toBe("on-failure:3\n");
    expect((await host.dokku(["ps:set", "--global", "restart-policy"])).code).toBe(0);
  }, 60_000);

  test("commands on an app that was never deployed warn and change nothing", async () => {
    expect((await host.dokku(["ps:restart", "web"])).stderr).toContain("App web has not been deployed");
    expect((await host.dokku(["ps:start", "web"])).stderr).toContain("App web has not been deployed");
    expect((await host.dokku(["ps:rebuild", "web"])).stderr).toContain("App web has not been deployed");
    const restore = await host.dokku(["ps:restore"]);
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain("Skipping ps:restore for web as it has not been deployed");
    expect((await host.dokku(["ps:restart", "--all", "--parallel", "-2"])).stderr).toContain("Invalid value -2 for --parallel flag");
    expect((await host.dokku(["ps:restart", "web", "no/pe"])).stderr).toContain("Invalid process type no/pe");
  }, 60_000);

  test("a pushed Procfile is validated before the build", async () => {
    expect((await host.dokku(["builder:set", "--global", "selected", "null"])).code).toBe(0);
    expect((await host.dokku(["scheduler:set", "--global", "selected", "null"])).code).toBe(0);
    const bad = await makeRepo(host, join(host.root, "bad"), { Procfile: "web: a\nweb: b\n" });
    const r = await push(host, bad, "procs", "main");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("Invalid Procfile: line 2: duplicate process type \"web\"");
    const good = await makeRepo(host, join(host.root, "good"), { Procfile: "web: ./web.sh\nworker: ./worker.sh $PORT\n" });
    expect((await push(host, good, "procs", "main")).code).toBe(0);
  }, 120_000);

  test("install moves a --restart deploy docker-option into ps restart-policy; a policy already set wins; a bad one stays", async () => {
    for (const app of ["rp1", "rp2", "rp3"]) expect((await host.dokku(["apps:create", app])).code).toBe(0);
    expect((await host.dokku(["docker-options:add", "rp1", "deploy", "--restart=always"])).code).toBe(0);
    expect((await host.dokku(["docker-options:add", "rp1", "deploy", "--shm-size 64m"])).code).toBe(0);
    expect((await host.dokku(["docker-options:add", "rp2", "deploy", "--restart unless-stopped"])).code).toBe(0);
    expect((await host.dokku(["ps:set", "rp2", "restart-policy", "no"])).code).toBe(0);
    expect((await host.dokku(["docker-options:add", "rp3", "deploy", "--restart=sometimes"])).code).toBe(0);
    const r = await host.dokku(["plugin:trigger", "install"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Migrated the --restart docker-option of rp1 to ps restart-policy always");
    expect(r.stderr).toContain('Not migrating the --restart docker-option of rp3: "sometimes" is not a valid restart policy');
    const policy = async (app: string) => (await host.dokku(["ps:report", app, "--ps-restart-policy"])).stdout.trim();
    const deployOptions = async (app: string) => (await host.dokku(["docker-options:report", app, "--docker-options-deploy"])).stdout.trim();
    expect(await policy("rp1")).toBe("always");
    expect(await deployOptions("rp1")).toBe("--shm-size 64m");
    expect(await policy("rp2")).toBe("no");
    expect(await deployOptions("rp2")).toBe("");
    expect(await deployOptions("rp3")).toBe("--restart=sometimes");
    // Run again: nothing left to move.
    expect((await host.dokku(["plugin:trigger", "install"])).stdout).not.toContain("Migrated the --restart");
  }, 60_000);
});
