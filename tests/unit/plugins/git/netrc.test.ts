import { expect, test } from "bun:test";
import { formatNetrc, isNetrcToken, parseNetrc } from "../../../../plugins/git/netrc.ts";

test("parseNetrc reads one- and multi-line entries and skips default", () => {
  const text = "machine a.example login u1 password p1\nmachine b.example\n  login u2\n  password p2\ndefault login x password y\n";
  expect(parseNetrc(text)).toEqual([
    { machine: "a.example", login: "u1", password: "p1" },
    { machine: "b.example", login: "u2", password: "p2" },
  ]);
});

test("formatNetrc round-trips through parseNetrc", () => {
  const entries = [{ machine: "git.example", login: "bot", password: "t0k3n" }];
  expect(parseNetrc(formatNetrc(entries))).toEqual(entries);
});

test("isNetrcToken refuses whitespace and empty values", () => {
  expect(isNetrcToken("abc")).toBe(true);
  expect(isNetrcToken("a b")).toBe(false);
  expect(isNetrcToken("a\nmachine evil")).toBe(false);
  expect(isNetrcToken("")).toBe(false);
});
