// config:* commands through the compiled binary: output, exit codes, and bad input.
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createTestHost, dokkuCommand, run } from "../_harness/host.ts";

async function hostWithApp(app = "web") {
  const host = await createTestHost();
  expect((await host.dokku(["apps:create", app])).code).toBe(0);
  return host;
}

describe("config:set / config:show / config:get", () => {
  test("set prints Dokku's columns; show, bare config and get read it back", async () => {
    await using host = await hostWithApp();
    const set = await host.dokku(["config:set", "web", "A=1", "LONG_KEY=two words"]);
    expect(set).toEqual({ code: 0, stdout: "-----> Setting config vars\n       A:         1\n       LONG_KEY:  two words\n", stderr: "" });
    const show = "=====> web env vars\nA:         1\nLONG_KEY:  two words\n";
    expect(await host.dokku(["config:show", "web"])).toEqual({ code: 0, stdout: show, stderr: "" });
    expect(await host.dokku(["config", "web"])).toEqual({ code: 0, stdout: show, stderr: "" });
    expect(await host.dokku(["config:get", "web", "LONG_KEY"])).toEqual({ code: 0, stdout: "two words\n", stderr: "" });
    expect((await host.dokku(["config:get", "--quoted", "web", "LONG_KEY"])).stdout).toBe("'two words'\n");
    expect(await host.dokku(["config:get", "web", "MISSING"])).toEqual({ code: 1, stdout: "", stderr: "" });
  });

  test("--global scope, --merged views, keys", async () => {
    await using host = await hostWithApp();
    await host.dokku(["config:set", "--global", "G=global", "X=global"]);
    await host.dokku(["config:set", "--no-restart", "web", "X=app"]);
    expect((await host.dokku(["config:show", "--global"])).stdout).toBe("=====> global env vars\nG:  global\nX:  global\n");
    expect((await host.dokku(["config:get", "--global", "X"])).stdout).toBe("global\n");
    expect((await host.dokku(["config:show", "--merged", "web"])).stdout).toBe("=====> web env vars\nG:  global\nX:  app\n");
    expect((await host.dokku(["config:keys", "web"])).stdout).toBe("X\n");
    expect((await host.dokku(["config:keys", "--merged", "web"])).stdout).toBe("G\nX\n");
    expect((await host.dokku(["config:keys", "--global"])).stdout).toBe("G\nX\n");
    expect((await host.dokku(["config:show", "web", "--quiet"])).stdout).toBe("X:  app\n");
  });

  test("set with --quiet prints nothing; values may contain '=' (split at the first one)", async () => {
    await using host = await hostWithApp();
    expect(await host.dokku(["--quiet", "config:set", "web", "URL=postgres://u:p@h/db?a=b=c"])).toEqual({ code: 0, stdout: "", stderr: "" });
    expect((await host.dokku(["config:get", "web", "URL"])).stdout).toBe("postgres://u:p@h/db?a=b=c\n");
  });
});

describe("config:unset / config:clear", () => {
  test("unset reports each key; clear empties the scope", async () => {
    await using host = await hostWithApp();
    await host.dokku(["config:set", "web", "A=1", "B=2", "C=3"]);
    const unset = await host.dokku(["config:unset", "web", "A", "NOPE"]);
    expect(unset).toEqual({ code: 0, stdout: "-----> Unsetting A\n-----> Skipping NOPE, it is not set in the environment\n", stderr: "" });
    expect((await host.dokku(["config:keys", "web"])).stdout).toBe("B\nC\n");
    expect((await host.dokku(["config:clear", "web"])).stdout).toBe("-----> Unsetting B\n-----> Unsetting C\n");
    expect((await host.dokku(["config:keys", "web"])).stdout).toBe("");
    expect(await readFile(join(host.libRoot, "config", "web", "ENV"), "utf8")).toBe("");
  });
});

describe("config:export / config:bundle", () => {
  test("export defaults to exports; every format; unknown format is an error", async () => {
    await using host = await hostWithApp();
    await host.dokku(["config:set", "web", "A=it's", "B=2"]);
    const exp = (...args: string[]) => host.dokku(["config:export", ...args, "web"]).then((r) => r.stdout);
    expect(await exp()).toBe("export A='it'\\''s'\nexport B='2'\n");
    expect(await exp("--format", "envfile")).toBe('A="it\'s"\nB="2"\n');
    expect(await exp("--format", "docker-args")).toBe("--env=A='it'\\''s' --env=B='2'\n");
    expect(await exp("--format", "docker-args-keys")).toBe("--env=A --env=B\n");
    expect(await exp("--format", "shell")).toBe("A='it'\\''s' B='2' ");
    expect(await exp("--format", "pretty")).toBe("A:  it's\nB:  2\n");
    expect(await exp("--format", "json")).toBe('{"A":"it\'s","B":"2"}\n');
    expect(await exp("--format", "json-list")).toBe('[{"name":"A","value":"it\'s"},{"name":"B","value":"2"}]\n');
    expect(await exp("--format", "pack-keys")).toBe("--env A --env B\n");
    expect(await host.dokku(["config:export", "--format", "yaml", "web"])).toEqual({ code: 1, stdout: "", stderr: " !     Unknown export format: yaml\n" });
  });

  test("bundle writes a tar with one 0600 file per key", async () => {
    await using host = await hostWithApp();
    await host.dokku(["config:set", "web", "A=first", "B=multi\nline"]);
    await host.dokku(["config:set", "--global", "G=g"]);
    const tarFile = join(host.root, "bundle.tar");
    const bundle = await run(["bash", "-c", '"$@" > "$OUT"', "_", ...dokkuCommand(), "config:bundle", "--merged", "web"], { env: { ...host.env, OUT: tarFile } });
    expect(bundle.code).toBe(0);
    const listing = await run(["tar", "-tvf", tarFile]);
    expect(listing.stdout.split("\n").filter(Boolean).map((l) => `${l.slice(0, 10)} ${l.split(/\s+/).pop()}`)).toEqual([
      "-rw------- A",
      "-rw------- B",
      "-rw------- G",
    ]);
    expect((await run(["tar", "-xOf", tarFile, "B"])).stdout).toBe("multi\nline");
  });
});

describe("config:import", () => {
  test("envfile from a file, JSON from stdin, --replace", async () => {
    await using host = await hostWithApp();
    await host.dokku(["config:set", "web", "OLD=1", "A=before"]);
    const file = join(host.root, "import.env");
    await writeFile(file, '# comment\nA=after\nexport B="two\\nlines"\n');
    const imported = await host.dokku(["config:import", "--no-restart", "web", file]);
    expect(imported).toEqual({ code: 0, stdout: "-----> Setting config vars\n       A:  after\n       B:  two\nlines\n", stderr: "" });
    expect((await host.dokku(["config:export", "--format", "json", "web"])).stdout).toBe('{"A":"after","B":"two\\nlines","OLD":"1"}\n');
    const json = await host.dokku(["config:import", "--replace", "--format", "json", "web", "-"], { input: '{"J":"from json"}' });
    expect(json.code).toBe(0);
    expect(json.stdout).toStartWith("-----> Unsetting A\n-----> Unsetting B\n-----> Unsetting OLD\n-----> Setting config vars\n");
    expect((await host.dokku(["config:export", "--format", "json", "web"])).stdout).toBe('{"J":"from json"}\n');
  });
});

describe("bad input is refused with one line and nothing written", () => {
  const cases: [string, string[], number, string][] = [
    ["no app", ["config:set"], 1, "Please specify an app or --global"],
    ["missing app", ["config:set", "nope", "A=1"], 20, "App nope does not exist"],
    ["key with a space", ["config:set", "web", "OK=1", "BAD KEY=1"], 1, 'Invalid key name: "BAD KEY"'],
    ["key with a dash", ["config:set", "web", "A-B=1"], 1, 'Invalid key name: "A-B"'],
    ["empty key", ["config:set", "web", "=value"], 1, 'Invalid key name: ""'],
    ["key starting with a digit", ["config:set", "web", "1A=x"], 1, 'Invalid key name: "1A"'],
    ["no '='", ["config:set", "web", "OK=1", "NOEQUALS"], 1, 'Invalid env pair: "NOEQUALS" (expected KEY=VALUE)'],
    ["no pairs", ["config:set", "web"], 1, "At least one env pair must be given"],
    ["bad base64", ["config:set", "--encoded", "web", "A=!!!"], 1, "Invalid base64 value for key A"],
    ["unset invalid key", ["config:unset", "web", "A=B"], 1, 'Invalid key name: "A=B"'],
    ["unset nothing", ["config:unset", "web"], 1, "At least one key must be given"],
    ["get invalid key", ["config:get", "web", "A B"], 1, 'Invalid key name: "A B"'],
    ["get without key", ["config:get", "web"], 1, "Expected: key"],
    ["import bad json", ["config:import", "--format", "json", "web", "-"], 1, "Cannot import stdin: invalid JSON"],
    ["import bad format", ["config:import", "--format", "yaml", "web", "-"], 1, "Unknown import format: yaml"],
    ["import missing file", ["config:import", "web", "/nonexistent/file"], 1, "Cannot read /nonexistent/file"],
  ];
  test.each(cases)("%s", async (_name, args, code, message) => {
    await using host = await hostWithApp();
    await host.dokku(["config:set", "web", "KEEP=1"]);
    const envFile = join(host.libRoot, "config", "web", "ENV");
    const before = await readFile(envFile, "utf8");
    const result = await host.dokku(args, { input: "{not json" });
    expect(result.code).toBe(code);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    expect(result.stderr).toStartWith(` !     ${message}`);
    expect(await readFile(envFile, "utf8")).toBe(before);
    expect(existsSync(join(host.libRoot, "config", "nope"))).toBe(false);
  });
});

