import { describe, expect, test } from "bun:test";
import { parseToml } from "../../../src/core/toml.ts";
import { UserError } from "../../../src/core/errors.ts";

describe("parseToml", () => {
  test("reads a plugin.toml with a nested config table", () => {
    const text = `
# a comment
[plugin]
description = "dokku postgres service plugin"
version = "1.41.0"
sponsors = ["a", 'b',]

[plugin.config]
image = "postgres"   # trailing comment
image_version = 17
`;
    expect(parseToml(text)).toEqual({
      plugin: {
        description: "dokku postgres service plugin",
        version: "1.41.0",
        sponsors: ["a", "b"],
        config: { image: "postgres", image_version: 17 },
      },
    });
  });

  test("scalar values: escapes, literal strings, numbers, booleans", () => {
    const text = [
      `basic = "tab\\there \\"q\\" back\\\\slash\\nnew"`,
      `literal = 'C:\\path\\no\\escape'`,
      `hash = "not # a comment"`,
      `int = 1_000`,
      `neg = -7`,
      `float = 3.25`,
      `exp = 1e3`,
      `yes = true`,
      `no = false`,
      `"quoted key" = 1`,
      `'single key' = 2`,
      `nested = [[1, 2], ["x"]]`,
      `empty = []`,
    ].join("\n");
    expect(parseToml(text)).toEqual({
      basic: 'tab\there "q" back\\slash\nnew',
      literal: "C:\\path\\no\\escape",
      hash: "not # a comment",
      int: 1000,
      neg: -7,
      float: 3.25,
      exp: 1000,
      yes: true,
      no: false,
      "quoted key": 1,
      "single key": 2,
      nested: [[1, 2], ["x"]],
      empty: [],
    });
  });

  test("a sub-table header before its parent merges into one tree; CRLF line endings are fine", () => {
    expect(parseToml("[a.b]\r\nx = 1\r\n[a]\r\ny = 2\r\n[a.c]\r\nz = 3\r\n")).toEqual({ a: { b: { x: 1 }, y: 2, c: { z: 3 } } });
  });

  test("multi-line basic and literal strings", () => {
    const text = [
      `description = """`,
      `multi`,
      `line with "quotes" and \\t escape"""`,
      `folded = """\\`,
      `    one \\`,
      `    two"""`,
      `literal = '''`,
      `C:\\raw\\n`,
      `'''`,
      `edge = """say "hi"""""`,
      `lit_edge = '''it's''''`,
      `crlf = """\r\na\r\nb"""`,
    ].join("\n");
    expect(parseToml(text)).toEqual({
      description: 'multi\nline with "quotes" and \t escape',
      folded: "one two",
      literal: "C:\\raw\\n\n",
      edge: 'say "hi""',
      lit_edge: "it's'",
      crlf: "a\nb",
    });
  });

  test("unicode escapes", () => {
    expect(parseToml(`a = "caf\\u00e9 \\U0001F600"\nb = "\\u0041\\b\\f"`)).toEqual({ a: "café \u{1F600}", b: "A\b\f" });
  });

  test("multi-line arrays with comments and trailing commas", () => {
    const text = `
list = [
  "a", # first
  # a comment line
  "b",
]
nested = [
  [1, 2],
  [
    "x",
  ],
] # done
mixed = [ { name = "n" }, 'lit' ]
`;
    expect(parseToml(text)).toEqual({ list: ["a", "b"], nested: [[1, 2], ["x"]], mixed: [{ name: "n" }, "lit"] });
  });

  test("inline tables, quoted keys with = and ., dotted keys", () => {
    const text = [
      `x = { a = 1, b = "c", d.e = true, f = { g = [] } }`,
      `empty = {}`,
      `"a=b" = 1`,
      `'x.y' = 2`,
      `"" = 3`,
      `a.b = 1`,
      `a . "c.d" . e = 2`,
      `[t]`,
      `p.q = 1`,
      `p.r = 2`,
      `[t.p.s]`,
      `z = 0`,
    ].join("\n");
    expect(parseToml(text)).toEqual({
      x: { a: 1, b: "c", d: { e: true }, f: { g: [] } },
      empty: {},
      "a=b": 1,
      "x.y": 2,
      "": 3,
      a: { b: 1, "c.d": { e: 2 } },
      t: { p: { q: 1, r: 2, s: { z: 0 } } },
    });
  });

  test("arrays of tables, with sub-tables", () => {
    const text = `
[[array.of.tables]]
name = "one"
[array.of.tables.meta]
k = 1
[[array.of.tables]]
name = "two"
[[array.of.tables.items]]
v = 1
[[array.of.tables.items]]
v = 2
`;
    expect(parseToml(text)).toEqual({
      array: { of: { tables: [{ name: "one", meta: { k: 1 } }, { name: "two", items: [{ v: 1 }, { v: 2 }] }] } },
    });
  });

  test("numbers, booleans and date-times (kept as strings)", () => {
    const text = [
      "big = 1_000_000",
      "plus = +42",
      "zero = -0",
      "hex = 0xDEAD_beef",
      "oct = 0o755",
      "bin = 0b1101",
      "f1 = -3.5e-2",
      "f2 = 6.626_07E+34",
      "f3 = 1e1_0",
      "pinf = inf",
      "ninf = -inf",
      "nan = +nan",
      "t = true",
      "f = false",
      "odt = 1979-05-27T07:32:00.999-07:00",
      "spaced = 1979-05-27 07:32:00Z # comment",
      "ldt = 1979-05-27T07:32:00",
      "ld = 1979-05-27",
      "lt = 07:32:00.5",
    ].join("\n");
    const parsed = parseToml(text);
    expect(parsed.nan).toBeNaN();
    expect({ ...parsed, nan: 0 } as Record<string, unknown>).toEqual({
      big: 1000000,
      plus: 42,
      zero: -0,
      hex: 0xdeadbeef,
      oct: 0o755,
      bin: 13,
      f1: -0.035,
      f2: 6.62607e34,
      f3: 1e10,
      pinf: Infinity,
      ninf: -Infinity,
      nan: 0,
      t: true,
      f: false,
      odt: "1979-05-27T07:32:00.999-07:00",
      spaced: "1979-05-27 07:32:00Z",
      ldt: "1979-05-27T07:32:00",
      ld: "1979-05-27",
      lt: "07:32:00.5",
    });
  });

  test("keys named like Object members stay plain data", () => {
    const parsed = parseToml(`__proto__ = "p"\nconstructor = 1\n[toString]\nx = 1`);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(["__proto__", "constructor", "toString"]);
    expect(Object.entries(parsed)).toEqual([["__proto__", "p"], ["constructor", 1], ["toString", { x: 1 }]]);
  });

  test("a real-world plugin.toml with a BOM and a multi-line description", () => {
    const text = `\uFEFF[plugin]
description = """
dokku redis service plugin"""
version = "1.39.2"
[plugin.config]
image = "redis" # default
image_version = "7.4.2"
`;
    expect(parseToml(text)).toEqual({
      plugin: { description: "dokku redis service plugin", version: "1.39.2", config: { image: "redis", image_version: "7.4.2" } },
    });
  });

  test.each([
    ["unterminated string", 'x = "abc', 'Cannot parse plugin.toml line 1: unterminated string'],
    ["unterminated literal", "x = 'abc", "Cannot parse plugin.toml line 1: unterminated string"],
    ["unterminated array", "\nx = [1, 2", "Cannot parse plugin.toml line 2: unterminated array"],
    ["bad header", "[a", 'Cannot parse plugin.toml line 1: invalid table header "[a"'],
    ["no value", "justakey", 'Cannot parse plugin.toml line 1: expected key = value, got "justakey"'],
    ["bare word value", "x = hello", 'Cannot parse plugin.toml line 1: invalid value "hello"'],
    ["text after value", 'x = "a" "b"', 'Cannot parse plugin.toml line 1: unexpected text after value: " \\"b\\""'],
    ["scalar reused as table", "a = 1\n[a.b]", 'Cannot parse plugin.toml line 2: key "a" is not a table'],
    ["unterminated multi-line string", 'a = 1\nx = """abc\n\ndef', "Cannot parse plugin.toml line 2: unterminated string"],
    ["unterminated multi-line literal", "x = '''abc\n", "Cannot parse plugin.toml line 1: unterminated string"],
    ["unterminated multi-line array", 'x = [\n"a",\n', "Cannot parse plugin.toml line 1: unterminated array"],
    ["missing comma in array", "x = [1 2]", 'Cannot parse plugin.toml line 1: expected "," or "]" in array, got "2]"'],
    ["unterminated inline table", "x = { a = 1\ny = 2", "Cannot parse plugin.toml line 1: unterminated inline table"],
    ["trailing comma in inline table", "x = { a = 1, }", "Cannot parse plugin.toml line 1: trailing comma in inline table"],
    ["duplicate key", "a = 1\nb = 2\na = 3", 'Cannot parse plugin.toml line 3: duplicate key "a"'],
    ["duplicate quoted key", 'a = 1\n"a" = 2', 'Cannot parse plugin.toml line 2: duplicate key "a"'],
    ["duplicate dotted key", "a.b = 1\na.b = 2", 'Cannot parse plugin.toml line 2: duplicate key "b"'],
    ["duplicate key in inline table", "x = { a = 1, a = 2 }", 'Cannot parse plugin.toml line 1: duplicate key "a"'],
    ["key clashes with table", "[a.b]\n[a]\nb = 1", 'Cannot parse plugin.toml line 3: duplicate key "b"'],
    ["table defined twice", "[a]\nx = 1\n[a]", 'Cannot parse plugin.toml line 3: table "a" is already defined'],
    ["table after dotted keys", "[f]\napple.color = 1\n[f.apple]", 'Cannot parse plugin.toml line 3: table "f.apple" is already defined'],
    ["dotted key into a header table", "[a.b.c]\nz = 9\n[a]\nb.c.t = 1", 'Cannot parse plugin.toml line 4: table "b" is already defined'],
    ["extending an inline table", "a = { b = 1 }\n[a.c]", 'Cannot parse plugin.toml line 2: key "a" is not a table'],
    ["extending an inline table by dotted key", "a = { b = 1 }\na.c = 2", 'Cannot parse plugin.toml line 2: table "a" is already defined'],
    ["array of tables over a static array", "a = [1]\n[[a]]", 'Cannot parse plugin.toml line 2: "a" is not an array of tables'],
    ["table over an array of tables", "[[a]]\n[a]", 'Cannot parse plugin.toml line 2: key "a" is not a table'],
    ["short unicode escape", 'x = "\\u12"', 'Cannot parse plugin.toml line 1: invalid unicode escape "\\\\u12\\""'],
    ["surrogate escape", 'x = "\\uD800"', 'Cannot parse plugin.toml line 1: invalid unicode escape "\\\\uD800"'],
    ["out-of-range escape", 'x = "\\U00110000"', 'Cannot parse plugin.toml line 1: invalid unicode escape "\\\\U00110000"'],
    ["unknown escape", 'x = "\\q"', 'Cannot parse plugin.toml line 1: invalid escape "\\\\q"'],
    ["control character", 'x = "a\u0001"', "Cannot parse plugin.toml line 1: control character in string"],
    ["leading zero", "x = 007", 'Cannot parse plugin.toml line 1: invalid value "007"'],
    ["doubled underscore", "x = 1__0", 'Cannot parse plugin.toml line 1: invalid value "1__0"'],
    ["signed hex", "x = -0x1", 'Cannot parse plugin.toml line 1: invalid value "-0x1"'],
    ["bare dot float", "x = .5", 'Cannot parse plugin.toml line 1: invalid value ".5"'],
    ["empty value", "x =", 'Cannot parse plugin.toml line 1: invalid value ""'],
    ["bad array-of-tables header", "[[a]", 'Cannot parse plugin.toml line 1: invalid table header "[[a]"'],
    ["text after header", "[a] x", 'Cannot parse plugin.toml line 1: invalid table header "[a] x"'],
    ["dangling dot in key", "a. = 1", 'Cannot parse plugin.toml line 1: expected key = value, got "a. = 1"'],
  ])("%s is a UserError naming the line", (_name, text, message) => {
    let error: unknown;
    try {
      parseToml(text, "plugin.toml");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(message);
  });
});
