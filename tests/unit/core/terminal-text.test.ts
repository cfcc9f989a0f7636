import { describe, expect, test } from "bun:test";
import { printable, printableLines, quoted } from "../../../src/core/terminal-text.ts";

describe("printable", () => {
  test("line breaks and tabs become spaces; other C0/C1 controls and DEL are dropped", () => {
    expect(printable("1.0\n !     forged")).toBe("1.0  !     forged");
    expect(printable("a\r\tb\u2028c")).toBe("a  b c");
    expect(printable("\u001b[31mred\u001b[0m\u009b2J\u0000\u007f!")).toBe("[31mred[0m2J!");
    expect(printable("plain ünïcode — ok")).toBe("plain ünïcode — ok");
  });

  test("printableLines keeps line breaks, quoted escapes then cleans", () => {
    expect(printableLines("one\u001b[K\ntwo\r")).toBe("one[K\ntwo ");
    expect(quoted("A=B\u009b")).toBe('"A=B"');
    expect(quoted("x\ny")).toBe('"x\\ny"');
  });
});
