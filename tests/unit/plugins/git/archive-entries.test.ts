import { describe, expect, test } from "bun:test";
import { ArchiveRejection, type ArchiveEntry, EntryBudget, checkEntry, entryPath, fileMode } from "../../../../plugins/git/archive-entries.ts";

const file = (name: string, size = 1): ArchiveEntry => ({ name, kind: "file", size, mode: 0o644 });
const link = (name: string, linkTarget: string): ArchiveEntry => ({ name, kind: "symlink", size: 0, mode: 0o777, linkTarget });

function rejection(fn: () => unknown): { event: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof ArchiveRejection) return { event: error.event, message: error.message };
    throw error;
  }
  throw new Error("expected a rejection");
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

  test("NUL bytes are refused", () => {
    expect(rejection(() => entryPath("a\0b")).event).toBe("rejected_invalid_name");
  });
});

describe("checkEntry", () => {
  const none = new Set<string>();

  test("symlinks inside the tree pass", () => {
    expect(checkEntry(link("a/l", "../b"), none, none)).toBe("a/l");
    expect(checkEntry(link("l", "sub/./x"), none, none)).toBe("l");
  });

  test.each([
    ["l", "/etc/passwd", "Archive contains symlinks with absolute targets"],
    ["l", "..", "Archive contains symlinks pointing outside extraction directory"],
    ["a/l", "../../etc", "Archive contains symlinks pointing outside extraction directory"],
    ["a/b/l", "../x/../../../y", "Archive contains symlinks pointing outside extraction directory"],
  ])("%p -> %p is refused", (name, target, message) => {
    expect(rejection(() => checkEntry(link(name, target), none, none)).message).toBe(message);
  });

  test("nothing may be written below a symlink", () => {
    expect(rejection(() => checkEntry(file("l/x"), new Set(["l"]), none)).event).toBe("rejected_unsafe_symlink");
  });

  test("devices, fifos and other special files are refused", () => {
    const special: ArchiveEntry = { name: "dev/null", kind: "special", size: 0, mode: 0o666 };
    expect(rejection(() => checkEntry(special, none, none)).message).toBe("Archive contains device files or other special entries");
  });

  test("hard links must point at a file already in the archive", () => {
    const hard = (target: string): ArchiveEntry => ({ name: "h", kind: "hardlink", size: 0, mode: 0o644, linkTarget: target });
    expect(checkEntry(hard("a"), none, new Set(["a"]))).toBe("h");
    expect(rejection(() => checkEntry(hard("/etc/shadow"), none, none)).event).toBe("rejected_absolute_path");
    expect(rejection(() => checkEntry(hard("b"), none, new Set(["a"]))).event).toBe("rejected_unsafe_hardlink");
  });
});

describe("EntryBudget", () => {
  test("counts entries and declared bytes against the limits", () => {
    const budget = new EntryBudget({ maxBytes: 10, maxFiles: 2 });
    budget.add(file("a", 5));
    expect(rejection(() => budget.add(file("b", 6))).event).toBe("rejected_archive_too_large");
    const few = new EntryBudget({ maxBytes: 100, maxFiles: 1 });
    few.add(file("a"));
    expect(rejection(() => few.add(file("b"))).event).toBe("rejected_archive_too_many_files");
  });
});

test("fileMode keeps only the executable bit", () => {
  expect(fileMode(0o4755)).toBe(0o755);
  expect(fileMode(0o666)).toBe(0o644);
  expect(fileMode(0o100)).toBe(0o755);
});
