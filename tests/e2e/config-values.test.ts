// Values round-trip byte for byte through config:set, config:get and every export format,
// and concurrent writers never lose each other's keys.
import { describe, expect, test } from "bun:test";
import { createTestHost, run } from "../_harness/host.ts";

/** argv passes these literally; none may contain NUL (argv cannot). */
const VALUES: Record<string, string> = {
  NEWLINES: "line1\nline2\n\nline4",
  QUOTES: `both "double" and 'single' quotes`,
  SUBST: "$(rm -rf /) ${HOME} $HOME $",
  BACKTICKS: "`id` and ``",
  BACKSLASHES: "\\ \\\\ \\n \\$ \\\" trailing\\",
  UNICODE: "ünïcödé 😀 日本語 \u2028",
  LEADING_ZERO: "007",
  EMPTY: "",
  SPACES: "  lead and trail  ",
  EQUALS: "a=b=c",
  HASH: "value #not a comment",
  BANG: "!bang !! hist!ory",
  CRLF: "crlf\r\nend\r",
  TAB: "tab\there",
  SHELLY: "'; echo pwned; '",
};

async function hostWithValues() {
  const host = await createTestHost();
  expect((await host.dokku(["apps:create", "web"])).code).toBe(0);
  const set = await host.dokku(["config:set", "--no-restart", "web", ...Object.entries(VALUES).map(([k, v]) => `${k}=${v}`)]);
  expect(set.code).toBe(0);
  return host;
}

const exportOf = async (host: Awaited<ReturnType<typeof createTestHost>>, format: string) => {
  const result = await host.dokku(["config:export", "--format", format, "web"]);
  expect(result.code).toBe(0);
  return result.stdout;
};

/** Evaluates `script` in bash with `text` on stdin and returns what it printed as JSON. */
async function bashJson(text: string, script: string): Promise<unknown> {
  // SHLVL: bash reads ~/.bashrc when its stdin looks like a remote-shell socket at level 1.
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", JS: process.execPath, SHLVL: "1" };
  const result = await run(["bash", "--norc", "-c", `set -eu; text="$(cat; printf x)"; text="\${text%x}"; ${script}`], { input: text, env });
  expect(result.stderr).toBe("");
  return JSON.parse(result.stdout);
}

// Prints a JSON object of every VALUES key (values read from bash variables, JSON-encoded by $JS = this runtime).
const dumpVars = `for k in ${Object.keys(VALUES).join(" ")}; do printf '%s\\0%s\\0' "$k" "\${!k}"; done | "$JS" -e 'const p=require("fs").readFileSync(0,"utf8").split("\\0");const o={};for(let i=0;i+1<p.length;i+=2)o[p[i]]=p[i+1];process.stdout.write(JSON.stringify(o))'`;

describe("values round-trip byte for byte", () => {
  test("config:get and config:get --quoted", async () => {
    await using host = await hostWithValues();
    for (const [key, value] of Object.entries(VALUES)) {
      expect(await host.dokku(["config:get", "web", key])).toEqual({ code: 0, stdout: `${value}\n`, stderr: "" });
      const quoted = (await host.dokku(["config:get", "--quoted", "web", key])).stdout;
      expect(await bashJson(quoted, 'eval "v=$text"; \"$JS\" -e \"process.stdout.write(JSON.stringify(process.argv[1]))\" \"$v\"')).toBe(value);
    }
  });

  test("exports and shell evaluate back to the same values", async () => {
    await using host = await hostWithValues();
    expect(await bashJson(await exportOf(host, "exports"), `eval "$text"; ${dumpVars}`)).toEqual(VALUES);
    expect(await bashJson(await exportOf(host, "shell"), `eval "$text"; ${dumpVars}`)).toEqual(VALUES);
  });

  test("docker-args split by a shell into --env=KEY=value words", async () => {
    await using host = await hostWithValues();
    const words = await bashJson(
      await exportOf(host, "docker-args"),
      `eval "set -- $text"; for w in "$@"; do printf '%s\\0' "$w"; done | "$JS" -e 'process.stdout.write(JSON.stringify(require("fs").readFileSync(0,"utf8").split("\\0").slice(0,-1)))'`,
    );
    const expected = Object.keys(VALUES).sort().map((k) => `--env=${k}=${VALUES[k]}`);
    expect(words).toEqual(expected);
    expect(await exportOf(host, "docker-args-keys")).toBe(`${Object.keys(VALUES).sort().map((k) => `--env=${k}`).join(" ")}\n`);
    expect(await exportOf(host, "pack-keys")).toBe(`${Object.keys(VALUES).sort().map((k) => `--env ${k}`).join(" ")}\n`);
  });

  test("json and json-list parse back", async () => {
    await using host = await hostWithValues();
    expect(JSON.parse(await exportOf(host, "json"))).toEqual(VALUES);
    const list = JSON.parse(await exportOf(host, "json-list")) as { name: string; value: string }[];
    expect(Object.fromEntries(list.map((e) => [e.name, e.value]))).toEqual(VALUES);
  });

  test("envfile imports back into another app unchanged", async () => {
    await using host = await hostWithValues();
    await host.dokku(["apps:create", "copy"]);
    const imported = await host.dokku(["config:import", "--no-restart", "copy", "-"], { input: await exportOf(host, "envfile") });
    expect(imported.code).toBe(0);
    expect(JSON.parse((await host.dokku(["config:export", "--format", "json", "copy"])).stdout)).toEqual(VALUES);
  });

  test("pretty shows single-line values trimmed, as Dokku's columnize does", async () => {
    await using host = await hostWithValues();
    const pretty = await exportOf(host, "pretty");
    expect(pretty).toContain("\nSUBST:         $(rm -rf /) ${HOME} $HOME $\n");
    expect(pretty).toContain("\nSPACES:        lead and trail\n");
    expect(pretty).toContain("\nLEADING_ZERO:  007\n");
  });

  test("--encoded takes base64 values (the safe path for binary-ish text over ssh)", async () => {
    await using host = await createTestHost();
    await host.dokku(["apps:create", "web"]);
    const pairs = Object.entries(VALUES).map(([k, v]) => `${k}=${Buffer.from(v).toString("base64")}`);
    expect((await host.dokku(["config:set", "--encoded", "--no-restart", "web", ...pairs])).code).toBe(0);
    expect(JSON.parse((await host.dokku(["config:export", "--format", "json", "web"])).stdout)).toEqual(VALUES);
  });
});

describe("concurrency", () => {
  test("20 parallel config:set processes on one app all land", async () => {
    await using host = await createTestHost();
    await host.dokku(["apps:create", "web"]);
    const keys = Array.from({ length: 20 }, (_, i) => `KEY_${i}`);
    const results = await Promise.all(keys.map((key) => host.dokku(["config:set", "--no-restart", "web", `${key}=value of ${key}`])));
    for (const result of results) expect(result).toMatchObject({ code: 0, stderr: "" });
    const json = JSON.parse((await host.dokku(["config:export", "--format", "json", "web"])).stdout) as Record<string, string>;
    expect(Object.keys(json).sort()).toEqual([...keys].sort());
    for (const key of keys) expect(json[key]).toBe(`value of ${key}`);
  });
});
