import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { parseEnvFile } from "../../../../plugins/config/env-file.ts";
import { type ExportFormat, exportFormats, formatExport } from "../../../../plugins/config/export-formats.ts";

// Awkward values for shells; no NUL (argv and bash variables cannot hold one).
const AWKWARD: readonly string[] = [
  "", " ", "007", "plain", "  spaced  ", "\ttab", "a=b", "multi\nline", "\n", "cr\r\nlf\r",
  "'", "''", "it's", "'\\''", '"', '"quoted"', "$HOME", "${HOME}", "$(echo pwned)", "`id`",
  "!", "!!", "\\", "trailing\\", "\\n", "# hash", "a;b", "a|b&c", "*", "~", "<>", "émoji 😀",
  "--env=X", "-e", "%s", "\u00a0",
];

/** Deterministic PRNG (mulberry32) for the generated cases. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = ["'", '"', "\\", "$", "`", "!", "\n", "\r", " ", "\t", "#", ";", "(", ")", "{", "}", "*", "x", "0", "é", "😀", "'\\''"];

function generatedEntries(count: number, seed: number): Map<string, string> {
  const rand = seededRandom(seed);
  const m = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    let s = "";
    const n = Math.floor(rand() * 16);
    for (let j = 0; j < n; j++) s += TOKENS[Math.floor(rand() * TOKENS.length)]!;
    m.set(`G${i}`, s);
  }
  return m;
}

const awkwardEntries = new Map<string, string>(AWKWARD.map((v, i) => [`K${i}`, v]));

/** Runs a bash script; returns the NUL-separated fields it printed, byte-exactly decoded. */
function bashFields(script: string): string[] {
  const r = spawnSync("bash", ["-c", script]);
  if (r.status !== 0) throw new Error(`bash failed (${r.status}): ${r.stderr.toString()}`);
  expect(r.stderr.toString()).toBe("");
  const out = new TextDecoder("utf-8", { fatal: true }).decode(r.stdout);
  return out.split("\0").slice(0, -1);
}

const sortedKeys = (m: Map<string, string>): string[] => [...m.keys()].sort();
const printVars = (keys: string[]): string => `printf '%s\\0' ${keys.map((k) => `"$${k}"`).join(" ")}`;

const sample = new Map([["B", "it's"], ["A", "1"], ["LONGER_KEY", "x y"]]);

describe("formatExport exact output", () => {
  const cases: [ExportFormat, string][] = [
    ["exports", "export A='1'\nexport B='it'\\''s'\nexport LONGER_KEY='x y'"],
    ["envfile", 'A="1"\nB="it\'s"\nLONGER_KEY="x y"'],
    ["docker-args", "--env=A='1' --env=B='it'\\''s' --env=LONGER_KEY='x y'"],
    ["docker-args-keys", "--env=A --env=B --env=LONGER_KEY"],
    ["shell", "A='1' B='it'\\''s' LONGER_KEY='x y'"],
    ["pretty", "A:           1\nB:           it's\nLONGER_KEY:  x y"],
    ["json", '{"A":"1","B":"it\'s","LONGER_KEY":"x y"}'],
    ["json-list", '[{"name":"A","value":"1"},{"name":"B","value":"it\'s"},{"name":"LONGER_KEY","value":"x y"}]'],
    ["pack-keys", "--env A --env B --env LONGER_KEY"],
  ];
  test.each(cases)("%s", (format, expected) => {
    expect(formatExport(sample, format)).toBe(expected);
  });

  test("covers every advertised format", () => {
    expect([...exportFormats].sort()).toEqual(cases.map(([f]) => f).sort());
  });

  test("empty env", () => {
    const empty = new Map<string, string>();
    const got = Object.fromEntries(exportFormats.map((f) => [f, formatExport(empty, f)]));
    expect(got).toEqual({
      exports: "", envfile: "", "docker-args": "", "docker-args-keys": "", shell: "",
      pretty: "", json: "{}", "json-list": "[]", "pack-keys": "",
    });
  });

  test("keys are sorted by plain string order in every format", () => {
    const m = new Map([["b", "2"], ["_", "3"], ["A0", "4"], ["A", "1"]]);
    expect(formatExport(m, "docker-args-keys")).toBe("--env=A --env=A0 --env=_ --env=b");
    expect(formatExport(m, "json")).toBe('{"A":"1","A0":"4","_":"3","b":"2"}');
    expect(formatExport(m, "envfile").split("\n").map((l) => l.split("=")[0])).toEqual(["A", "A0", "_", "b"]);
  });

  test("unknown formats throw", () => {
    expect(() => formatExport(sample, "yaml" as ExportFormat)).toThrow("Unknown export format: yaml");
  });
});

describe("pretty", () => {
  test("prints multi-line values as-is and trims surrounding blanks like columnize", () => {
    const m = new Map([["ML", "one\ntwo"], ["PAD", "  v  "], ["E", ""], ["NL", "\nx\n"]]);
    expect(formatExport(m, "pretty")).toBe("E:    \nML:   one\ntwo\nNL:   x\nPAD:  v");
  });
});

describe("shell formats evaluate back to the exact bytes in bash", () => {
  const bash = spawnSync("bash", ["--version"]);
  const haveBash = bash.status === 0;

  for (const [label, entries] of [
    ["awkward values", awkwardEntries],
    ["generated values", generatedEntries(400, 7)],
  ] as const) {
    test.if(haveBash)(`exports: ${label}`, () => {
      const keys = sortedKeys(entries);
      const got = bashFields(`${formatExport(entries, "exports")}\n${printVars(keys)}`);
      expect(got).toEqual(keys.map((k) => entries.get(k)!));
    });

    test.if(haveBash)(`exports survive eval: ${label}`, () => {
      const keys = sortedKeys(entries);
      const quoted = `'${formatExport(entries, "exports").replaceAll("'", "'\\''")}'`;
      const got = bashFields(`eval ${quoted}\nbash -c '${printVars(keys).replaceAll("'", "'\\''")}'`);
      expect(got).toEqual(keys.map((k) => entries.get(k)!));
    });

    test.if(haveBash)(`shell: ${label}`, () => {
      const keys = sortedKeys(entries);
      const got = bashFields(`${formatExport(entries, "shell")}\n${printVars(keys)}`);
      expect(got).toEqual(keys.map((k) => entries.get(k)!));
    });

    test.if(haveBash)(`docker-args: ${label}`, () => {
      const keys = sortedKeys(entries);
      const got = bashFields(`set -- ${formatExport(entries, "docker-args")}\nprintf '%s\\0' "$@"`);
      expect(got).toEqual(keys.map((k) => `--env=${k}=${entries.get(k)!}`));
    });
  }
});

describe("data formats parse back", () => {
  const all = new Map([...awkwardEntries, ...generatedEntries(300, 99)]);

  test("json", () => {
    expect(JSON.parse(formatExport(all, "json"))).toEqual(Object.fromEntries(all));
  });

  test("json-list", () => {
    const list: unknown = JSON.parse(formatExport(all, "json-list"));
    expect(list).toEqual(sortedKeys(all).map((name) => ({ name, value: all.get(name)! })));
  });

  test("envfile", () => {
    const parsed = parseEnvFile(`${formatExport(all, "envfile")}\n`, () => "NOPE");
    expect(Object.fromEntries(parsed.entries)).toEqual(Object.fromEntries(all));
  });
});
