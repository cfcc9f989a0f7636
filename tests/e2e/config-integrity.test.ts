// Nothing reported as written may be lost or corrupted: config writes racing apps:rename,
// undecodable bytes, and data output kept free of log lines.
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createTestHost, dokkuCommand, run, type TestHost } from "../_harness/host.ts";

async function hostWithApp(app = "web") {
  const host = await createTestHost();
  expect((await host.dokku(["apps:create", app])).code).toBe(0);
  await host.dokku(["config:set", "--no-restart", app, "KEEP=1"]);
  return host;
}

/** Runs dokku through bash so `script` can put raw (non-UTF-8) bytes in argv or stdin. */
function dokkuViaBash(host: TestHost, script: string, ...args: string[]) {
  return run(["bash", "-c", script, "_", ...dokkuCommand(), ...args], { env: host.env });
}

describe("config:set racing apps:rename", () => {
  test("every config:set that exits 0 is visible in NEW; the others fail with a clear error", async () => {
    await using host = await createTestHost();
    for (let round = 0; round < 6; round++) {
      const [from, to] = [`old${round}`, `new${round}`];
      expect((await host.dokku(["apps:create", from])).code).toBe(0);
      const keys = Array.from({ length: 4 }, (_, i) => `K${i}`);
      const [rename, ...sets] = await Promise.all([
        host.dokku(["apps:rename", "--skip-deploy", from, to]),
        ...keys.map((key) => host.dokku(["config:set", "--no-restart", from, `${key}=${round}`])),
      ]);
      expect(rename.code).toBe(0);
      const moved = JSON.parse((await host.dokku(["config:export", "--format", "json", to])).stdout) as Record<string, string>;
      sets.forEach((set, i) => {
        if (set.code === 0) expect(moved[keys[i]!]).toBe(String(round));
        else expect(set.stderr).toMatch(new RegExp(`^ !     App ${from} (was renamed to ${to}; |does not exist)`));
      });
      expect(existsSync(join(host.libRoot, "config", from))).toBe(false);
      expect(existsSync(join(host.dokkuRoot, from))).toBe(false);
    }
  });
});

describe("values that are not UTF-8 text are refused, nothing written", () => {
  test("config:set with an invalid byte in argv names the key", async () => {
    await using host = await hostWithApp();
    const r = await dokkuViaBash(host, `"$@" "X=$(printf 'a\\xff')"`, "config:set", "--no-restart", "web");
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr: " !     Value for key X is not valid UTF-8 text (invalid bytes or U+FFFD); use --encoded with base64 of UTF-8 text\n",
    });
    expect(await readFile(join(host.libRoot, "config", "web", "ENV"), "utf8")).toBe('KEEP="1"\n');
  });

  test("config:import of a file or stdin with an invalid byte", async () => {
    await using host = await hostWithApp();
    const file = join(host.root, "bad.env");
    await writeFile(file, Buffer.from([...Buffer.from("OK=1\nX=a"), 0xff, 0x0a]));
    expect(await host.dokku(["config:import", "--no-restart", "web", file])).toEqual({
      code: 1,
      stdout: "",
      stderr: ` !     Cannot import ${file}: not valid UTF-8 text\n`,
    });
    const piped = await dokkuViaBash(host, `printf 'OK=1\\nX=a\\xff\\n' | "$@"`, "config:import", "--no-restart", "web", "-");
    expect(piped).toEqual({ code: 1, stdout: "", stderr: " !     Cannot import stdin: not valid UTF-8 text (invalid bytes or U+FFFD)\n" });
    expect(await readFile(join(host.libRoot, "config", "web", "ENV"), "utf8")).toBe('KEEP="1"\n');
    // A JSON escape for U+FFFD is typed text, not a decoding accident.
    const escaped = await host.dokku(["config:import", "--no-restart", "--format", "json", "web", "-"], { input: '{"R":"\\ufffd"}' });
    expect(escaped.code).toBe(0);
    expect((await host.dokku(["config:get", "web", "R"])).stdout).toBe("\uFFFD\n");
  });
});

describe("NUL bytes are refused with a clear error, nothing written", () => {
  const env = (host: TestHost) => readFile(join(host.libRoot, "config", "web", "ENV"), "utf8");

  test("config:set --encoded of a value holding NUL", async () => {
    await using host = await hostWithApp();
    const value = Buffer.from("a\0b").toString("base64");
    expect(await host.dokku(["config:set", "--no-restart", "--encoded", "web", "OK=b2s=", `X=${value}`])).toEqual({
      code: 1,
      stdout: "",
      stderr: " !     Value for key X contains a NUL byte, which an environment variable cannot hold\n",
    });
    expect(await env(host)).toBe('KEEP="1"\n');
  });

  test("config:import of JSON and of an env file holding NUL", async () => {
    await using host = await hostWithApp();
    const json = await host.dokku(["config:import", "--no-restart", "--format", "json", "web", "-"], { input: '{"OK":"1","X":"a\\u0000b"}' });
    expect(json).toEqual({ code: 1, stdout: "", stderr: " !     Cannot import stdin: the value of entry 2 contains a NUL byte\n" });
    const file = join(host.root, "nul.env");
    await writeFile(file, "OK=1\nX=a\0b\n");
    expect(await host.dokku(["config:import", "--no-restart", "web", file])).toEqual({
      code: 1,
      stdout: "",
      stderr: ` !     Cannot import ${file}: line 2 contains a NUL byte\n`,
    });
    expect(await env(host)).toBe('KEEP="1"\n');
  });
});

describe("an error about an imported file's content does not echo the content", () => {
  const secret = "s3cr3t_value";

  test.each([
    ["/etc/shadow-like lines", `root:$y$j9T$${secret}:19000:0:99999:7:::\nwww-data:*:19000:0:99999:7:::\n`, "envfile", "line 2 has an invalid key name"],
    ["a key with a dash", `OK=1\nMY-${secret}=1\n`, "envfile", "line 2 has an invalid key name"],
    ["a line without =", `OK=1\n${secret}\n`, "envfile", "Cannot parse env file line 2: not a KEY=VALUE assignment"],
    ["an unterminated quote", `A="${secret}\n`, "envfile", "Cannot parse env file line 1: unterminated quoted value"],
    ["text after a quote", `A="x"${secret}\n`, "envfile", "Cannot parse env file line 1: unexpected text after closing quote"],
    ["broken JSON", `{"A": ${secret}}`, "json", "invalid JSON"],
    ["a JSON key that is not a name", `{"OK":"1","${secret} x":"1"}`, "json", "entry 2 has an invalid key name"],
    ["a JSON value that is not a string", `{"${secret}":1}`, "json", "the value of entry 1 is not a string"],
  ])("%s", async (_name, text, format, message) => {
    await using host = await hostWithApp();
    const file = join(host.root, "import.txt");
    await writeFile(file, text);
    const r = await host.dokku(["config:import", "--no-restart", "--format", format, "web", file]);
    expect(r).toEqual({ code: 1, stdout: "", stderr: ` !     Cannot import ${file}: ${message}\n` });
    expect(r.stderr).not.toContain(secret);
    expect(r.stderr).not.toContain("root");
    expect(r.stderr).not.toContain("www-data");
    expect(await readFile(join(host.libRoot, "config", "web", "ENV"), "utf8")).toBe('KEEP="1"\n');
  });
});

describe("data output stays clean", () => {
  test("the invalid-key repair message goes to stderr, not into config:export json", async () => {
    await using host = await hostWithApp();
    await writeFile(join(host.libRoot, "config", "web", "ENV"), 'export --bad=x\nKEEP="1"\n');
    const r = await host.dokku(["config:export", "--format", "json", "web"]);
    expect(r).toEqual({ code: 0, stdout: '{"KEEP":"1"}\n', stderr: "-----> Deleting invalid key --bad from config for web\n" });
  });

  test("an empty scope exports a bare newline in every format, shell included", async () => {
    await using host = await createTestHost();
    await host.dokku(["apps:create", "empty"]);
    await mkdir(join(host.libRoot, "config", "empty"), { recursive: true });
    for (const format of ["exports", "envfile", "shell", "pretty", "docker-args"]) {
      expect({ format, out: (await host.dokku(["config:export", "--format", format, "empty"])).stdout }).toEqual({ format, out: "\n" });
    }
    expect((await host.dokku(["config:export", "--format", "json", "empty"])).stdout).toBe("{}\n");
  });
});
