import { describe, expect, test } from "bun:test";
import { gunzipSync } from "node:zlib";
import { assertSafeEntries, parseTar, type TarEntry } from "../../../../plugins/plugin/tar-safety.ts";
import { tarGz, type TarMember } from "../../../e2e/plugin-fixtures.ts";

const entriesOf = (members: TarMember[]) => parseTar(gunzipSync(tarGz(members)));
const file = (name: string): TarEntry => ({ name, type: "file", link: "" });
const symlink = (name: string, link: string): TarEntry => ({ name, type: "symlink", link });

/** A pax extended header record: `<len> key=value\n` where len counts itself. */
function paxRecord(key: string, value: string): string {
  const rest = ` ${key}=${value}\n`;
  let length = rest.length + 1;
  while (`${length}${rest}`.length !== length) length++;
  return `${length}${rest}`;
}

describe("parseTar", () => {
  test("reads names, types and link targets", () => {
    const entries = entriesOf([
      { name: "p/", type: "5" },
      { name: "p/a", body: "hello" },
      { name: "p/l", type: "2", link: "a" },
      { name: "p/h", type: "1", link: "p/a" },
    ]);
    expect(entries).toEqual([
      { name: "p/", type: "dir", link: "" },
      { name: "p/a", type: "file", link: "" },
      { name: "p/l", type: "symlink", link: "a" },
      { name: "p/h", type: "hardlink", link: "p/a" },
    ]);
  });

  test("applies pax path and GNU long names to the next member", () => {
    const long = `p/${"x".repeat(150)}`;
    const entries = entriesOf([
      { name: "PaxHeader", type: "x", body: paxRecord("path", "../evil") },
      { name: "innocent" },
      { name: "././@LongLink", type: "L", body: `${long}\0` },
      { name: "short" },
    ]);
    expect(entries.map((e) => e.name)).toEqual(["../evil", long]);
    expect(() => assertSafeEntries(entries)).toThrow("contains '..'");
  });

  test("rejects a corrupt header", () => {
    const data = gunzipSync(tarGz([{ name: "a" }]));
    data[0] = "b".charCodeAt(0);
    expect(() => parseTar(data)).toThrow("checksum");
  });
});

describe("assertSafeEntries", () => {
  test("accepts ordinary plugins with internal links", () => {
    expect(() =>
      assertSafeEntries([file("./p/plugin.toml"), symlink("p/subcommands/add", "../commands"), symlink("p/x", "sub/../plugin.toml")]),
    ).not.toThrow();
  });

  test.each([
    ["absolute names", [file("/etc/cron.d/x")], "absolute path"],
    ["dot-dot names", [file("p/../../x")], "contains '..'"],
    ["symlinks out", [symlink("p/l", "../../x")], "pointing outside"],
    ["absolute symlinks", [symlink("p/l", "/etc")], "absolute path"],
    ["files below a symlink", [symlink("p/l", "sub"), file("p/l/x")], "inside a linked directory"],
    ["symlink chains through another link", [symlink("a/s1", ".."), symlink("s2", "a/s1/..")], "through another link"],
    ["hard links out", [{ name: "h", type: "hardlink", link: "../x" } as TarEntry], "hard link out"],
    ["devices", [{ name: "d", type: "other", link: "" } as TarEntry], "device"],
  ] as const)("refuses %s", (_label, entries, message) => {
    expect(() => assertSafeEntries(entries as readonly TarEntry[])).toThrow(message);
  });
});
