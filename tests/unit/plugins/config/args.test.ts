import { describe, expect, test } from "bun:test";
import { exportText, parsePairs } from "../../../../plugins/config/args.ts";
import { exportFormats } from "../../../../plugins/config/export-formats.ts";

describe("parsePairs", () => {
  test("refuses a value holding U+FFFD (how invalid UTF-8 in argv arrives), naming the key", () => {
    expect(() => parsePairs(["OK=fine", "BAD=a\uFFFD"], false)).toThrow(
      "Value for key BAD is not valid UTF-8 text (invalid bytes or U+FFFD); use --encoded with base64 of UTF-8 text",
    );
    expect(parsePairs(["U=ünï 😀"], false).get("U")).toBe("ünï 😀");
  });

  test("--encoded refuses bytes that are not UTF-8, and carries an encoded U+FFFD", () => {
    expect(() => parsePairs([`B=${Buffer.from([0x61, 0xff]).toString("base64")}`], true)).toThrow("does not decode to UTF-8 text");
    expect(parsePairs([`R=${Buffer.from("\uFFFD").toString("base64")}`], true).get("R")).toBe("\uFFFD");
  });
});

describe("exportText", () => {
  test("an empty scope is a bare newline in every format, shell included", () => {
    for (const format of exportFormats) {
      const text = exportText(new Map(), format);
      const expected = format === "json" ? "{}\n" : format === "json-list" ? "[]\n" : "\n";
      expect({ format, text }).toEqual({ format, text: expected });
    }
  });

  test("shell keeps Dokku's trailing space when there are variables", () => {
    expect(exportText(new Map([["A", "1"]]), "shell")).toBe("A='1' ");
  });
});
