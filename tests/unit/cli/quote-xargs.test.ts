// quoteXargs/joinXargs are the inverse of splitXargs: the docker-args triggers print fragments
// with them and the builders and scheduler split those fragments back without a shell.
import { describe, expect, test } from "bun:test";
import { joinXargs, quoteXargs, splitXargs } from "../../../src/cli/ssh-command.ts";

describe("joinXargs round-trips through splitXargs", () => {
  test.each([
    [["-v", "/a:/b"]],
    [["-v", "/tmp/with space:/mnt/a:ro"]],
    [["--label", "it's a \"quoted\" value"]],
    [["--env=A=$(id)", "`x`", "*", ";", "&&", "\\back\\slash"]],
    [["", "--flag", ""]],
    [["tab\there", "ünïcode"]],
  ])("%j", (words) => {
    expect(splitXargs(joinXargs(words))).toEqual(words);
  });

  test("plain words stay unquoted, others are single-quoted", () => {
    expect(quoteXargs("--memory=256m")).toBe("--memory=256m");
    expect(quoteXargs("/var/lib/dokku/data/storage/x:/data:ro,Z")).toBe("/var/lib/dokku/data/storage/x:/data:ro,Z");
    expect(quoteXargs("a b")).toBe("'a b'");
    expect(quoteXargs("it's")).toBe("'it'\\''s'");
  });

  test("a newline cannot be represented and is refused", () => {
    expect(() => quoteXargs("a\nb")).toThrow("must not contain a newline");
  });
});
