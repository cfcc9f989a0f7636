import { describe, expect, test } from "bun:test";
import { formatEnvFile, isValidEnvKey, parseEnvFile } from "../../../../plugins/config/env-file.ts";

/** Values that have broken dotenv writers/readers somewhere. */
const AWKWARD_VALUES: readonly string[] = [
  "", " ", "007", "0", "-1", "1e3", "plain", "  lead and trail  ", "\ttab\t", "a=b=c", "k: v",
  "line1\nline2", "\n", "\n\n", "crlf\r\n", "\r", "trailing\\", "\\", "\\\\", "\\n", "\\$X",
  '"', '""', "'", "''", `mixed "double" and 'single'`, "$(rm -rf /)", "${X}", "$X", "$", "$$",
  "`id`", "!", "!!", "hist!ory", "# not a comment", "value #comment", "a#b", "#", "ünïcödé",
  "emoji 😀🚀", "日本語", "\u2028\u2029", "\u00a0nbsp\u00a0", "export X=1", "KEY=\"inner\"",
  "\\\"", "\\'", "'\\''", "end with space ", "=", ":", "{}", "%s %d", "\u0007bell",
];

/** Small deterministic PRNG (mulberry32) so the property loop is reproducible. */
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

const TOKENS = [
  "\\", "\n", "\r", "\r\n", '"', "'", "$", "{", "}", "(", ")", "`", "!", "#", " ", "\t", "=", ":",
  "0", "7", "A", "x", "_", "é", "😀", "export ", "${X}", "$X", "\\n", "\\$", " #", "\\\"",
];

/** A random string built from the nastiest tokens, 0..24 tokens long. */
function awkwardString(rand: () => number): string {
  let s = "";
  const n = Math.floor(rand() * 25);
  for (let i = 0; i < n; i++) s += TOKENS[Math.floor(rand() * TOKENS.length)]!;
  return s;
}

const roundTrip = (v: string): string | undefined =>
  parseEnvFile(formatEnvFile({ K: v }), () => "EXPANDED").entries.get("K");

describe("isValidEnvKey", () => {
  test("accepts shell identifiers", () => {
    for (const k of ["A", "_", "a_b", "PORT2", "_X9", "lower"]) expect(isValidEnvKey(k)).toBe(true);
  });
  test("rejects everything else", () => {
    for (const k of ["", "1A", "MY-KEY", "a.b", "A B", "É", "A=", "$A"]) expect(isValidEnvKey(k)).toBe(false);
  });
});

describe("parseEnvFile", () => {
  test("reads a Dokku-written file", () => {
    const { entries, invalidKeys } = parseEnvFile(
      'A=7\nB="x\\ny"\nexport C=\'lit $x\'\n# comment\nD=plain # trailing\n',
    );
    expect([...entries]).toEqual([["A", "7"], ["B", "x\ny"], ["C", "lit $x"], ["D", "plain"]]);
    expect(invalidKeys).toEqual([]);
  });

  test("blank lines, indentation, CRLF, colon syntax, export prefix", () => {
    const text = "\r\n  \n\t# c\r\n  export   A = 1 \r\nB: two\r\nexport=3\nC :\n";
    const { entries } = parseEnvFile(text);
    expect(Object.fromEntries(entries)).toEqual({ A: "1", B: "two", export: "3", C: "" });
  });

  test("double-quoted escapes", () => {
    const { entries } = parseEnvFile('A="n\\n r\\r b\\\\ q\\" d\\$ e\\! t\\` x\\q"');
    expect(entries.get("A")).toBe("n\n r\r b\\ q\" d$ e! t` xq");
  });

  test("single quotes are literal and may span lines", () => {
    const { entries } = parseEnvFile("A='a\\n $B \"x\"\nsecond line'\nB=after");
    expect(entries.get("A")).toBe('a\\n $B "x"\nsecond line');
    expect(entries.get("B")).toBe("after");
  });

  test("double quotes may span lines and be followed by a comment", () => {
    const { entries } = parseEnvFile('A="one\ntwo" # note \u2028\r\nB="x"#tight\n');
    expect(entries.get("A")).toBe("one\ntwo");
    expect(entries.get("B")).toBe("x");
  });

  test("expansion: earlier keys, then lookup, else empty", () => {
    const text = 'A=1\nB="$A-${A}-$ENVY-$NOPE"\nC=$A/${B}\nD=\'$A\'\nA=2\nE="$A"';
    const { entries } = parseEnvFile(text, (n) => (n === "ENVY" ? "env" : undefined));
    expect(entries.get("B")).toBe("1-1-env-");
    expect(entries.get("C")).toBe("1/1-1-env-");
    expect(entries.get("D")).toBe("$A");
    expect(entries.get("E")).toBe("2");
  });

  test("no expansion for escaped dollars, $(...), lone $ or lower-case names", () => {
    const text = 'A="\\$HOME"\nB=\\$HOME\nC="$(date) $ x$"\nD=$lower\nE="${lower}"';
    const { entries } = parseEnvFile(text, () => "SHOULD-NOT-APPEAR");
    expect(Object.fromEntries(entries)).toEqual({
      A: "$HOME", B: "$HOME", C: "$(date) $ x$", D: "$lower", E: "${lower}",
    });
  });

  test("unquoted values: trimmed, backslashes kept, right-most ` #` starts the comment", () => {
    const text = "A=  a b  \nB=a#b\nC=x #y #z\nD=c:\\dir\\n\nE=   # only comment\nF=";
    const { entries } = parseEnvFile(text);
    expect(Object.fromEntries(entries)).toEqual({
      A: "a b", B: "a#b", C: "x #y", D: "c:\\dir\\n", E: "# only comment", F: "",
    });
  });

  test("invalid keys are reported, skipped, and their values still consumed", () => {
    const text = "MY-KEY=1\n1ABC=2\na.b=\"multi\nB=line\"\nOK=yes\nMY-KEY=again\n=empty\n";
    const { entries, invalidKeys } = parseEnvFile(text);
    expect([...entries]).toEqual([["OK", "yes"]]);
    expect(invalidKeys).toEqual(["MY-KEY", "1ABC", "a.b", ""]);
  });

  test("firstInvalidLine names the line of the first invalid key, counting multi-line values", () => {
    expect(parseEnvFile("A=1\nB=2\n").firstInvalidLine).toBeUndefined();
    expect(parseEnvFile('A="1\n2"\nOK=3\nBAD-KEY=4\nX.Y=5\n').firstInvalidLine).toBe(4);
  });

  test("later duplicates win", () => {
    expect(parseEnvFile("A=1\nA=2").entries.get("A")).toBe("2");
  });

  test("unparseable lines throw with their line number", () => {
    expect(() => parseEnvFile("A=1\n\njust words\n")).toThrow(new Error("Cannot parse env file line 3: not a KEY=VALUE assignment"));
    expect(() => parseEnvFile("export\n")).toThrow("line 1");
    expect(() => parseEnvFile('A="open\nB=2\n')).toThrow(new Error("Cannot parse env file line 1: unterminated quoted value"));
    expect(() => parseEnvFile("A='x'junk\n")).toThrow("line 1");
    // line counting continues correctly after a multi-line value
    expect(() => parseEnvFile('A="1\n2\n3"\nB=ok\nbad\n')).toThrow("line 5");
  });
});

describe("formatEnvFile", () => {
  test("sorted, quoted, godotenv escapes, trailing newline", () => {
    const out = formatEnvFile(new Map([["B", 'a"b\\c$d!e`f\ng\rh'], ["A", "007"], ["A0", "x"], ["_", ""]]));
    expect(out).toBe('A="007"\nA0="x"\nB="a\\"b\\\\c\\$d\\!e\\`f\\ng\\rh"\n_=""\n');
  });

  test("accepts a plain record and keeps tabs, quotes and unicode verbatim", () => {
    expect(formatEnvFile({ Z: "\t'é😀#" })).toBe("Z=\"\t'é😀#\"\n");
  });

  test("empty input gives an empty file", () => {
    expect(formatEnvFile(new Map())).toBe("");
    expect(formatEnvFile({})).toBe("");
  });
});

describe("round trip parseEnvFile(formatEnvFile(x))", () => {
  test.each(AWKWARD_VALUES.map((v) => [JSON.stringify(v), v] as const))("value %s", (_label, v) => {
    expect(roundTrip(v)).toBe(v);
  });

  test("property: 3000 generated values survive unchanged", () => {
    const rand = seededRandom(0xd0cc0);
    for (let i = 0; i < 3000; i++) {
      const v = awkwardString(rand);
      const got = roundTrip(v);
      if (got !== v) throw new Error(`round trip failed for ${JSON.stringify(v)}: ${JSON.stringify(got)}`);
    }
  });

  test("property: whole files round-trip and re-format identically", () => {
    const rand = seededRandom(42);
    for (let i = 0; i < 200; i++) {
      const m = new Map<string, string>();
      const n = Math.floor(rand() * 8);
      for (let j = 0; j < n; j++) m.set(`K${Math.floor(rand() * 20)}_${j}`, awkwardString(rand));
      const text = formatEnvFile(m);
      const parsed = parseEnvFile(text);
      expect(parsed.invalidKeys).toEqual([]);
      expect(Object.fromEntries(parsed.entries)).toEqual(Object.fromEntries(m));
      expect(formatEnvFile(parsed.entries)).toBe(text);
    }
  });
});
