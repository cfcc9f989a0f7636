import { describe, expect, test } from "bun:test";
import { type ArchiveEntry, ArchiveRejection } from "../../../src/archive/entry.ts";
import { ArchiveRules, entryPath, fileMode } from "../../../src/archive/rules.ts";

const LIMITS = { maxBytes: 1 << 20, maxFiles: 100 };
const file = (name: string, size = 1): ArchiveEntry => ({ name, kind: "file", size, mode: 0o644 });
const dir = (name: string): ArchiveEntry => ({ name, kind: "dir", size: 0, mode: 0o755 });
const link = (name: string, linkTarget: string): ArchiveEntry => ({ name, kind: "symlink", size: 0, mode: 0o777, linkTarget });
const hard = (name: string, linkTarget: string): ArchiveEntry => ({ name, kind: "hardlink", size: 0, mode: 0o644, linkTarget });

function rejection(fn: () => unknown): { event: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof ArchiveRejection) return { event: error.event, message: error.message };
    throw error;
  }
  throw new Error("expected a rejection");
}

/** Admits every entry, then checks the whole tree; returns the first rejection's message, or "ok". */
function verdict(entries: readonly ArchiveEntry[], limits = LIMITS): string {
  const rules = new ArchiveRules(limits);
  try {
    for (const entry of entries) rules.admit(entry);
    rules.finish();
    return "ok";
  } catch (error) {
    if (error instanceof ArchiveRejection) return error.message;
    throw error;
  }
}

describe("entryPath", () => {
  test.each([
    ["a.txt", "a.txt"],
    ["./a.txt", "a.txt"],
    ["dir/", "dir"],
    ["dir//sub/./f", "dir/sub/f"],
    ["./", ""],
    ["..foo/x", "..foo/x"],
    ["a..b", "a..b"],
  ])("%p -> %p", (name, expected) => {
    expect(entryPath(name)).toBe(expected);
  });

  test.each(["../x", "a/../../x", "a/..", "..", "./../x"])("%p is traversal", (name) => {
    expect(rejection(() => entryPath(name)).event).toBe("rejected_path_traversal");
  });

  test.each(["/etc/passwd", "//x"])("%p is absolute", (name) => {
    expect(rejection(() => entryPath(name)).message).toBe("Archive contains entries with absolute paths");
  });

  test("NUL bytes and empty names are refused", () => {
    expect(rejection(() => entryPath("a\0b")).event).toBe("rejected_invalid_name");
    expect(rejection(() => entryPath("")).event).toBe("rejected_invalid_name");
  });

  test("a component longer than NAME_MAX, or a path too long to extract, is refused", () => {
    expect(entryPath(`d/${"n".repeat(255)}`)).toBe(`d/${"n".repeat(255)}`);
    expect(rejection(() => entryPath("n".repeat(300))).message).toBe("Archive contains entries with names that are too long");
    expect(rejection(() => entryPath(`d/${"é".repeat(128)}`)).event).toBe("rejected_long_name"); // 256 bytes
    expect(rejection(() => entryPath(Array.from({ length: 40 }, () => "d".repeat(100)).join("/"))).event).toBe("rejected_long_name");
  });
});

describe("ArchiveRules", () => {
  test("ordinary trees with internal links pass", () => {
    expect(verdict([dir("./"), dir("p/"), file("p/a"), link("p/l", "a"), link("p/sub/up", "../a"), hard("p/h", "p/a"), link("x", "sub/../p/a")])).toBe("ok");
    expect(verdict([link("bin/tool", "../lib/current/tool"), link("lib/current", "v1"), file("lib/v1/tool")])).toBe("ok");
  });

  test.each([
    ["l", "/etc/passwd", "Archive contains symlinks with absolute targets"],
    ["l", "..", "Archive contains symlinks pointing outside extraction directory"],
    ["a/l", "../../etc", "Archive contains symlinks pointing outside extraction directory"],
    ["a/b/l", "../x/../../../y", "Archive contains symlinks pointing outside extraction directory"],
    ["l", "", "Archive contains symlinks with invalid targets"],
  ])("symlink %p -> %p is refused", (name, target, message) => {
    expect(verdict([link(name, target)])).toBe(message);
  });

  test("a symlink that leaves the root only through another link is refused, dangling or not", () => {
    const out = "Archive contains symlinks pointing outside extraction directory";
    expect(verdict([link("x/up", ".."), link("y", "x/up/../escaped")])).toBe(out);
    expect(verdict([link("y", "x/up/../escaped"), link("x/up", "..")])).toBe(out); // the link it goes through comes later
    expect(verdict([link("a/s1", ".."), link("s2", "a/s1/..")])).toBe(out);
    expect(verdict([link("a", "b"), link("b", "a")])).toBe("Archive contains symlinks that loop");
  });

  test("nothing may be written below a symlink or a file", () => {
    expect(verdict([link("l", "d"), file("l/x")])).toBe("Archive contains entries inside a symlinked directory");
    expect(verdict([file("f"), file("f/x")])).toBe("Archive contains entries below a file");
  });

  test("a name may appear once, except a directory repeated", () => {
    expect(verdict([dir("d/"), dir("./d"), file("d/x")])).toBe("ok");
    const duplicate = "Archive contains duplicate entries";
    expect(verdict([link("same", "x"), file("same")])).toBe(duplicate);
    expect(verdict([file("same"), link("same", "x")])).toBe(duplicate);
    expect(verdict([file("same"), file("./same")])).toBe(duplicate);
    expect(verdict([file("same"), dir("same/")])).toBe(duplicate);
    expect(verdict([file("d/x"), link("d", ".")])).toBe(duplicate); // d became a directory with d/x
  });

  test("the root itself may only be a directory", () => {
    expect(verdict([dir("."), dir("./")])).toBe("ok");
    expect(verdict([file("./")])).toBe("Archive contains entries with invalid names");
  });

  test("devices, fifos and other special files are refused", () => {
    expect(verdict([{ name: "dev/null", kind: "special", size: 0, mode: 0o666 }])).toBe("Archive contains device files or other special entries");
  });

  test("hard links must point at a file already in the archive", () => {
    expect(rejection(() => new ArchiveRules(LIMITS).admit(hard("h", "/etc/shadow"))).event).toBe("rejected_absolute_path");
    expect(verdict([file("a"), hard("h", "b")])).toBe("Archive contains hard links to files outside the archive");
    expect(verdict([hard("h", "a"), file("a")])).toBe("Archive contains hard links to files outside the archive");
    expect(verdict([dir("d/"), hard("h", "d")])).toBe("Archive contains hard links to files outside the archive");
    expect(verdict([file("a"), link("l", "a"), hard("h", "l")])).toBe("Archive contains hard links to files outside the archive");
  });

  test("entries and declared bytes count against the limits; a hard link counts as the copy it becomes", () => {
    expect(verdict([file("a", 5), file("b", 6)], { maxBytes: 10, maxFiles: 5 })).toBe("Archive would extract to more than the maximum allowed size of 10 bytes");
    expect(verdict([file("a", 6), hard("h", "a")], { maxBytes: 10, maxFiles: 5 })).toBe("Archive would extract to more than the maximum allowed size of 10 bytes");
    expect(verdict([file("a"), file("b")], { maxBytes: 100, maxFiles: 1 })).toBe("Archive contains 2 entries which exceeds the maximum of 1");
  });
});

test("fileMode keeps only the executable bit", () => {
  expect(fileMode(0o4755)).toBe(0o755);
  expect(fileMode(0o666)).toBe(0o644);
  expect(fileMode(0o100)).toBe(0o755);
});
