import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { isObjectId, shQuote, stripRemoteArg } from "../../../../plugins/git/names.ts";

describe("stripRemoteArg", () => {
  test.each([
    ["'myapp'", "myapp"],
    ["myapp", "myapp"],
    ["'/myapp'", "myapp"],
    ["/myapp", "myapp"],
    ["'//myapp'", "/myapp"],
    ["'my'app'", "myapp"],
    ["'it\\'s'", "it's"],
    ["'a\\\\'b'", "a\\'b"],
    ["''", ""],
    ["'myapp.git'", "myapp.git"],
  ])("%s -> %s", (input, expected) => {
    expect(stripRemoteArg(input)).toBe(expected);
  });
});

describe("shQuote", () => {
  test.each(["plain", "with space", "it's", "'", "''", "$(id)", "`id`", "a\nb", "\\", "--x", ""])("sh reads %p back unchanged", (word) => {
    const result = spawnSync("sh", ["-c", `printf '%s' ${shQuote(word)}`], { encoding: "utf8" });
    expect(result.stdout).toBe(word);
  });
});

test("isObjectId accepts full sha1 and sha256 ids only", () => {
  expect(isObjectId("a".repeat(40))).toBe(true);
  expect(isObjectId("0123456789abcdef".repeat(4))).toBe(true);
  expect(isObjectId("a".repeat(39))).toBe(false);
  expect(isObjectId("main")).toBe(false);
  expect(isObjectId("A".repeat(40))).toBe(false);
});
