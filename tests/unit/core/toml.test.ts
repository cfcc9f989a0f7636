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

  test("dotted and repeated table headers merge into one tree; CRLF line endings are fine", () => {
    expect(parseToml("[a.b]\r\nx = 1\r\n[a]\r\ny = 2\r\n[a.b]\r\nz = 3\r\n")).toEqual({ a: { b: { x: 1, z: 3 }, y: 2 } });
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
