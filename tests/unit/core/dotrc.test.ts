import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseShellAssignments, unquoteShellWord } from "../../../src/core/dotrc.ts";
import { tmpRoot } from "./_context.ts";

const parse = (text: string) => Object.fromEntries(parseShellAssignments(text));

describe("parseShellAssignments", () => {
  test("reads export and plain assignments, skipping comments, blanks and other shell", () => {
    const text = [
      "# Dokku host settings",
      "",
      "export DOKKU_TRACE=1",
      "DOKKU_IMAGE=gliderlabs/herokuish:latest-24",
      "  export   INDENTED=yes  ",
      "echo not an assignment",
      "if true; then X=1; fi",
      "1BAD=no",
      "export",
      "LAST=first",
      "LAST=second",
    ].join("\n");
    expect(parse(text)).toEqual({ DOKKU_TRACE: "1", DOKKU_IMAGE: "gliderlabs/herokuish:latest-24", INDENTED: "yes", LAST: "second" });
  });

  test("removes one level of quoting like the shell would", () => {
    const text = [
      `SINGLE='a "b" $HOME \\n'`,
      `DOUBLE="a 'b' \\"c\\" \\$HOME \\\\ \\n"`,
      `MIXED=pre'mid dle'"post fix"`,
      `ESCAPED=a\\ b`,
      `EMPTY=`,
      `EMPTY_QUOTES=""`,
      `COMMENTED=value # trailing comment`,
      `HASH_IN_WORD=a#b`,
      `EQUALS=a=b=c`,
    ].join("\n");
    expect(parse(text)).toEqual({
      SINGLE: 'a "b" $HOME \\n',
      DOUBLE: `a 'b' "c" $HOME \\ \\n`,
      MIXED: "premid dlepost fix",
      ESCAPED: "a b",
      EMPTY: "",
      EMPTY_QUOTES: "",
      COMMENTED: "value",
      HASH_IN_WORD: "a#b",
      EQUALS: "a=b=c",
    });
  });

  test("an unterminated quote keeps the rest of the line", () => {
    expect(unquoteShellWord("'open")).toBe("open");
    expect(unquoteShellWord('"open')).toBe("open");
  });

  test("nothing is executed: command substitutions stay literal text", async () => {
    await using root = await tmpRoot();
    const marker = join(root.path, "pwned");
    const text = [
      `QUOTED="$(touch ${marker})"`,
      `SINGLE='$(touch ${marker})'`,
      `BACKTICK="\`touch ${marker}\`"`,
      `BARE=$(touch ${marker})`,
      `touch ${marker}`,
      `$(touch ${marker})`,
    ].join("\n");
    const vars = parse(text);
    expect(vars.QUOTED).toBe(`$(touch ${marker})`);
    expect(vars.SINGLE).toBe(`$(touch ${marker})`);
    expect(vars.BACKTICK).toBe(`\`touch ${marker}\``);
    // dokku-compat: bash would run the unquoted substitution; we keep its first word as text.
    expect(vars.BARE).toBe("$(touch");
    expect(Object.keys(vars).sort()).toEqual(["BACKTICK", "BARE", "QUOTED", "SINGLE"]);
    expect(existsSync(marker)).toBe(false);
  });
});
