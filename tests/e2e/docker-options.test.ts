// docker-options:* on the compiled binary: storage of options per phase and process type, the
// report, and the fragments the docker-args triggers print for the scheduler and builders.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createTestHost, type RunResult, type TestHost } from "../_harness/host.ts";

let host: TestHost;
beforeAll(async () => {
  host = await createTestHost();
  expect((await host.dokku(["apps:create", "do"])).code).toBe(0);
});
afterAll(() => host?.[Symbol.asyncDispose]());

const ok = (r: RunResult) => expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
function refused(r: RunResult, message: string, code = 1): void {
  expect(r).toEqual({ code, stdout: "", stderr: ` !     ${message}\n` });
}
const trigger = async (...args: string[]) => (await host.dokku(["plugin:trigger", ...args])).stdout;

describe("docker-options:add / list / report", () => {
  test("options are stored per phase as canonical shell words; the report and list show them", async () => {
    ok(await host.dokku(["docker-options:add", "do", "deploy,run", "--ulimit nofile=12", "--label 'note=two words'"]));
    ok(await host.dokku(["docker-options:add", "do", "deploy", "--shm-size 256m --restart=on-failure:5"]));
    ok(await host.dokku(["docker-options:add", "do", "build", "--build-arg KEY -v /a:/b"]));
    ok(await host.dokku(["docker-options:add", "do", "deploy", "-p 6789:5000", "--process", "web"]));
    const file = await readFile(join(host.libRoot, "config", "docker-options", "do", "_default_.deploy"), "utf8");
    expect(file).toBe("--ulimit nofile=12\n--label 'note=two words'\n--shm-size 256m\n--restart=on-failure:5\n");
    expect((await host.dokku(["docker-options:list", "do", "--phase", "run"])).stdout).toBe("--ulimit nofile=12\n--label 'note=two words'\n");
    expect((await host.dokku(["docker-options:list", "do", "--process", "web", "--phase", "deploy"])).stdout).toBe("-p 6789:5000\n");
    const json = JSON.parse((await host.dokku(["docker-options:report", "do", "--format", "json"])).stdout);
    expect(json).toMatchObject({
      "docker-options-build": "--build-arg KEY -v /a:/b",
      "docker-options-run": "--ulimit nofile=12 --label 'note=two words'",
      "docker-options-deploy.web": "-p 6789:5000",
      run: "--ulimit nofile=12 --label 'note=two words'",
    });
    const report = (await host.dokku(["docker-options:report", "do"])).stdout;
    expect(report.split("\n")[0]).toBe("=====> do docker options information");
    expect(report).toContain("       Docker options deploy web:     -p 6789:5000\n");
    expect((await host.dokku(["docker-options:report", "do", "--docker-options-build"])).stdout).toBe("--build-arg KEY -v /a:/b\n");
  });

  test("the docker-args triggers print each phase's fragment; --restart only for deploy; build filtered per builder", async () => {
    const deploy = await trigger("docker-args-deploy", "do", "latest", "web", "1");
    expect(deploy).toBe(" --ulimit nofile=12 --label 'note=two words' --shm-size 256m --restart=on-failure:5");
    expect(await trigger("docker-args-process-deploy", "do", "dockerfile", "latest", "web", "1")).toBe(" -p 6789:5000 --restart=on-failure:10");
    expect(await trigger("docker-args-process-deploy", "do", "dockerfile", "latest", "worker", "1")).toBe(" --restart=on-failure:10"); // the scheduler's restart policy
    expect(await trigger("docker-args-run", "do", "latest")).toBe(" --ulimit nofile=12 --label 'note=two words'");
    expect(await trigger("docker-args-build", "do", "dockerfile")).toBe(" --build-arg KEY");
    expect(await trigger("docker-args-build", "do", "herokuish")).toContain(" -v /a:/b");
    expect(await trigger("docker-args-build", "do", "herokuish")).not.toContain("--build-arg");
  });

  test("adding an option twice keeps one copy", async () => {
    ok(await host.dokku(["docker-options:add", "do", "run", "--ulimit nofile=12"]));
    expect((await host.dokku(["docker-options:list", "do", "--phase", "run"])).stdout.split("\n").filter((l) => l === "--ulimit nofile=12")).toHaveLength(1);
  });
});

describe("docker-options:remove / clear", () => {
  test("remove takes the option from the given phases; an option that is not set is refused and nothing changes", async () => {
    refused(await host.dokku(["docker-options:remove", "do", "deploy,run", "--shm-size 256m"]), "Docker option --shm-size 256m is not set for phase run");
    expect((await host.dokku(["docker-options:list", "do", "--phase", "deploy"])).stdout).toContain("--shm-size 256m");
    ok(await host.dokku(["docker-options:remove", "do", "deploy,run", "--label 'note=two words'"]));
    expect((await host.dokku(["docker-options:list", "do", "--phase", "run"])).stdout).toBe("--ulimit nofile=12\n");
  });

  test("clear one phase, a process scope, then every phase", async () => {
    expect((await host.dokku(["docker-options:clear", "do", "build"])).stdout).toBe("-----> Clearing docker-options for do on phase build\n");
    expect((await host.dokku(["docker-options:clear", "--process", "web", "do"])).stdout).toBe("-----> Clearing docker-options for do on phase deploy (process web)\n");
    expect((await host.dokku(["docker-options:clear", "do"])).stdout).toBe("-----> Clearing docker-options for do on all phases\n");
    expect(JSON.parse((await host.dokku(["docker-options:report", "do", "--format", "json"])).stdout)).toEqual({
      "docker-options-build": "", build: "", "docker-options-deploy": "", deploy: "", "docker-options-run": "", run: "",
    });
    expect(await trigger("docker-args-deploy", "do", "latest")).toBe("");
  });
});

describe("bad input: one line, non-zero exit, nothing stored", () => {
  test.each([
    [["docker-options:add", "missing", "deploy", "-x"], "App missing does not exist", 20],
    [["docker-options:add", "do", "deplo", "-x"], "Phase(s) must be one of [build deploy run]", 1],
    [["docker-options:add", "do", "deploy"], "No docker options specified", 1],
    [["docker-options:add", "do", "deploy", "notaflag"], "Invalid docker option: notaflag (options start with - or --)", 1],
    [["docker-options:add", "do", "deploy", "--label 'open"], "Unmatched single quote in command", 1],
    [["docker-options:add", "--process", "web", "do", "run", "-x"], "The --process flag is only supported for the deploy phase", 1],
    [["docker-options:add", "--process", "bad type", "do", "deploy", "-x"], 'Invalid process type: "bad type" (letters, digits, _ and -, at most 63)', 1],
    [["docker-options:add", "--process", "_default_", "do", "deploy", "-x"], "_default_ is reserved and cannot be passed to --process", 1],
    [["docker-options:remove", "missing", "deploy", "-x"], "App missing does not exist", 20],
    [["docker-options:remove", "do", "nope", "-x"], "Phase(s) must be one of [build deploy run]", 1],
    [["docker-options:clear", "missing"], "App missing does not exist", 20],
    [["docker-options:clear", "do", "builds"], "Phase(s) must be one of [build deploy run]", 1],
    [["docker-options:list", "do"], "Please specify a phase with --phase (build, deploy or run)", 1],
    [["docker-options:list", "missing", "--phase", "run"], "App missing does not exist", 20],
    [["docker-options:list", "do", "--phase", "deploy,run"], "docker-options:list takes a single phase", 1],
    [["docker-options:report", "missing"], "App missing does not exist", 20],
    [["docker-options:report", "do", "--docker-options-nope"], "Invalid flag passed, valid flags: --docker-options-build, --docker-options-deploy, --docker-options-run", 1],
  ])("%j", async (argv, message, code) => {
    refused(await host.dokku(argv), message, code);
  });
});

test("apps:rename and apps:clone carry the options; apps:destroy removes them", async () => {
  ok(await host.dokku(["apps:create", "do-src"]));
  ok(await host.dokku(["docker-options:add", "do-src", "deploy", "--shm-size 1g"]));
  ok(await host.dokku(["apps:clone", "--skip-deploy", "do-src", "do-copy"]));
  ok(await host.dokku(["apps:rename", "--skip-deploy", "do-src", "do-renamed"]));
  for (const app of ["do-copy", "do-renamed"]) expect((await host.dokku(["docker-options:list", app, "--phase", "deploy"])).stdout).toBe("--shm-size 1g\n");
  ok(await host.dokku(["apps:destroy", "do-renamed", "--force"]));
  ok(await host.dokku(["apps:create", "do-renamed"]));
  expect((await host.dokku(["docker-options:list", "do-renamed", "--phase", "deploy"])).stdout).toBe("");
});
