// The deploy milestone's commands on the compiled binary: scheduler-docker-local:*, releases:* and
// network:*: their success paths that need no running app, and bad input (unknown app, bad values,
// bad process types): one clear line on stderr, a non-zero exit, nothing changed.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { docker, newRunId, requireDocker } from "../_harness/docker.ts";
import { createTestHost, type TestHost } from "../_harness/host.ts";

const dockerSkip = await requireDocker();

describe("deploy commands", () => {
  let host: TestHost;
  const app = "web";

  beforeAll(async () => {
    host = await createTestHost();
    expect((await host.dokku(["apps:create", app])).code).toBe(0);
  }, 60_000);
  afterAll(() => host?.[Symbol.asyncDispose](), 60_000);

  /** Each argv fails with exactly one ` !     message` line and the exit code. */
  async function refused(cases: [string[], string, number?][]): Promise<void> {
    for (const [argv, message, code = 1] of cases) {
      expect({ argv, ...(await host.dokku(argv)) }).toEqual({ argv, code, stdout: "", stderr: ` !     ${message}\n` });
    }
  }

  test("scheduler-docker-local:set and :report: app, global and computed values", async () => {
    expect((await host.dokku(["scheduler-docker-local:set", app, "init-process", "false"])).stdout).toBe("=====> Setting init-process to false\n");
    expect((await host.dokku(["scheduler-docker-local:set", "--global", "parallel-schedule-count", "3"])).code).toBe(0);
    const report = JSON.parse((await host.dokku(["scheduler-docker-local:report", app, "--format", "json"])).stdout);
    expect(report).toMatchObject({
      "scheduler-docker-local-init-process": "false", "scheduler-docker-local-computed-init-process": "false",
      "scheduler-docker-local-global-parallel-schedule-count": "3", "scheduler-docker-local-computed-parallel-schedule-count": "3",
      "scheduler-docker-local-computed-shm-size": "",
    });
    expect((await host.dokku(["scheduler-docker-local:set", "--global", "parallel-schedule-count"])).stdout).toBe("=====> Unsetting parallel-schedule-count\n");
    expect((await host.dokku(["scheduler-docker-local:report", app, "--scheduler-docker-local-computed-parallel-schedule-count"])).stdout).toBe("1\n");
    expect((await host.dokku(["scheduler-docker-local:set", app, "shm-size", "64m"])).code).toBe(0);
    expect((await host.dokku(["plugin:trigger", "docker-args-process-deploy", app, "herokuish", "latest", "web", "1"])).stdout).toBe(
      " --log-opt=max-size=10m --restart=on-failure:10 --shm-size=64m", // the logs plugin's max-size, then ours
    );
  });

  test("scheduler-docker-local: bad input", async () => {
    await refused([
      [["scheduler-docker-local:set", "nope", "init-process", "false"], "App nope does not exist", 20],
      [["scheduler-docker-local:set", app, "init-process", "maybe"], "Invalid value for init-process: maybe (true or false)"],
      [["scheduler-docker-local:set", app, "parallel-schedule-count", "0"], "Invalid value for parallel-schedule-count: 0 (a whole number from 1 to 100)"],
      [["scheduler-docker-local:set", app, "shm-size", "lots"], "Invalid value for shm-size: lots (e.g. 64m)"],
      [["scheduler-docker-local:set", app, "nope", "x"], "Invalid property specified, valid properties include: init-process, parallel-schedule-count, shm-size"],
      [["scheduler-docker-local:report", "nope"], "App nope does not exist", 20],
      [["plugin:trigger", "scheduler-deploy", "docker-local", app, "latest", "bad type"], "Invalid process type bad type"],
      [["plugin:trigger", "deploy", "nope"], "App nope does not exist", 20],
      [["scheduler-docker-local:retire", app, "soon"], "Invalid delay: soon"],
      [["ps:inspect", "nope"], "App nope does not exist", 20],
    ]);
  });

  test("releases: settings, an app without releases, and bad input", async () => {
    expect((await host.dokku(["releases:list", app])).stdout).toBe(`=====> ${app} releases\n       No releases yet\n`);
    expect((await host.dokku(["releases:list", app, "--format", "json"])).stdout).toBe("[]\n");
    expect((await host.dokku(["releases:set", app, "keep", "3"])).stdout).toBe("=====> Setting keep to 3\n");
    expect((await host.dokku(["releases:report", app, "--releases-computed-keep"])).stdout).toBe("3\n");
    expect((await host.dokku(["releases:report", app, "--releases-count"])).stdout).toBe("0\n");
    await refused([
      [["releases:list", "nope"], "App nope does not exist", 20],
      [["releases:list", app, "--format", "yaml"], "Invalid --format value specified: yaml"],
      [["releases:info", app], "Please specify a release number"],
      [["releases:info", app, "x"], "Invalid release number: x"],
      [["releases:info", app, "3"], `Release 3 of ${app} does not exist`],
      [["releases:rollback", app], `${app} has no releases to roll back to`],
      [["releases:rollback", "nope"], "App nope does not exist", 20],
      [["releases:set", app, "keep", "0"], "Invalid value for keep: 0 (a whole number from 1 to 1000)"],
      [["releases:set", app, "size", "1"], "Invalid property specified, valid properties include: keep"],
    ]);
  });

  test("releases:list and :info render recorded releases; rollback refuses the current one and a missing image", async () => {
    const dir = join(host.libRoot, "data", "releases", app);
    await mkdir(dir, { recursive: true });
    const record = (n: number, extra: Record<string, unknown> = {}) => ({
      number: n, tag: `release-${n}`, imageId: `sha256:${String(n).repeat(64)}`, configDigest: "ab".repeat(32), sourceRev: "0123456789abcdef",
      buildId: "", createdAt: `2026-01-0${n}T10:00:00.000Z`, user: "admin", ...extra,
    });
    await writeFile(join(dir, "1.json"), JSON.stringify(record(1)));
    await writeFile(join(dir, "2.json"), JSON.stringify(record(2, { rollbackOf: 1 })));
    expect((await host.dokku(["releases:list", app])).stdout).toBe(
      [
        `=====> ${app} releases`,
        "release  created               image         config    rev      by     note",
        "v2       2026-01-02T10:00:00Z  222222222222  abababab  0123456  admin  current, rollback of 1",
        "v1       2026-01-01T10:00:00Z  111111111111  abababab  0123456  admin",
        "",
      ].join("\n"),
    );
    const listed = JSON.parse((await host.dokku(["releases:list", app, "--format", "json"])).stdout);
    expect(listed.map((r: { number: number; current: boolean }) => [r.number, r.current])).toEqual([[2, true], [1, false]]);
    const info = await host.dokku(["releases:info", app, "2"]);
    expect(info.stdout).toContain(`=====> ${app} release 2\n       Release:        2\n`);
    expect(info.stdout).toContain("       Rollback of:    1\n");
    await refused([[["releases:rollback", app, "2"], `Release 2 is already the current release of ${app}`]]);
    if (!dockerSkip) {
      await refused([[["releases:rollback", app], `The image of release 1 of ${app} (dokku/${app}:release-1) no longer exists`]]);
    }
  });

  test("network:set, :report and listeners; bad values are refused", async () => {
    expect((await host.dokku(["network:report", app, "--network-computed-bind-all-interfaces"])).stdout).toBe("false\n");
    expect((await host.dokku(["network:set", app, "bind-all-interfaces", "true"])).code).toBe(0);
    expect((await host.dokku(["network:report", app, "--network-computed-bind-all-interfaces"])).stdout).toBe("true\n");
    expect((await host.dokku(["network:set", app, "static-web-listener", "127.0.0.1:5005"])).code).toBe(0);
    expect((await host.dokku(["plugin:trigger", "network-get-listeners", app, "web"])).stdout).toBe("127.0.0.1:5005\n");
    expect((await host.dokku(["network:set", app, "tld", "svc.local"])).code).toBe(0);
    expect((await host.dokku(["plugin:trigger", "network-get-property", app, "tld"])).stdout).toBe("svc.local\n");
    expect((await host.dokku(["network:rebuild", app])).code).toBe(0);
    await refused([
      [["network:set", "nope", "tld", "x"], "App nope does not exist", 20],
      [["network:set", app, "bind-all-interfaces", "maybe"], "Invalid value for bind-all-interfaces: maybe (true or false)"],
      [["network:set", app, "static-web-listener", "nohost"], "Invalid static-web-listener: nohost (expected host:port)"],
      [["network:set", "--global", "static-web-listener", "a:1"], "Property cannot be specified globally"],
      [["network:set", app, "initial-network", "a,b"], "Only one initial-network may be specified"],
      [["network:set", app, "attach-post-create", "bad name!"], "Invalid network name: bad name!"],
      [["network:set", app, "nope", "x"], "Invalid property specified, valid properties include: attach-post-create, attach-post-deploy, bind-all-interfaces, initial-network, static-web-listener, tld"],
      [["network:rebuild", "nope"], "App nope does not exist", 20],
      [["network:report", "nope"], "App nope does not exist", 20],
      [["plugin:trigger", "network-write-ipaddr", app, "web", "x", "10.0.0.1"], "Invalid container index x"],
      [["plugin:trigger", "network-get-property", app, "nope"], "Invalid network property specified: nope"],
    ]);
  });

  test.skipIf(Boolean(dockerSkip))("network:create, :exists, :info, :list and :destroy", async () => {
    const name = `e2e-${newRunId()}-net`;
    try {
      expect(await host.dokku(["network:create", name])).toEqual({ code: 0, stdout: `-----> Creating network ${name}\n`, stderr: "" });
      expect((await host.dokku(["network:exists", name])).code).toBe(0);
      expect(JSON.parse((await host.dokku(["network:info", name, "--format", "json"])).stdout)).toMatchObject({
        Name: name, Driver: "bridge", Labels: { "com.dokku.network-name": name }, Containers: [],
      });
      expect((await host.dokku(["--quiet", "network:list"])).stdout.split("\n")).toEqual(expect.arrayContaining(["bridge", "host", "none", name]));
      const listed = JSON.parse((await host.dokku(["network:list", "--format", "json"])).stdout) as { Name: string }[];
      expect(listed.map((n) => n.Name)).toContain(name);
      await refused([[["network:create", name], `Network ${name} already exists`]]);
      expect(await host.dokku(["network:destroy", "--force", name])).toEqual({ code: 0, stdout: `-----> Destroying network ${name}\n`, stderr: "" });
      await refused([[["network:exists", name], `Network ${name} does not exist`]]);
    } finally {
      await docker(["network", "rm", name]);
    }
    await refused([
      [["network:create", "bad/name"], "Invalid network name: bad/name"],
      [["network:create", "bridge"], "Network bridge already exists"],
      [["network:destroy", "--force", "bridge"], "Network bridge was not created by network:create, not destroying it"],
      [["network:info", "bridge", "--format", "yaml"], "Invalid --format value specified: yaml"],
      [["network:exists"], "Please specify a network name"],
    ]);
  });
});
