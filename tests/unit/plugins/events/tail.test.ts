import { describe, expect, test } from "bun:test";
import { appendFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { follow, lastLines } from "../../../../plugins/events/tail.ts";
import { tmpRoot } from "../../core/_context.ts";

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe("lastLines", () => {
  test("the last N lines, across read chunks; undefined when the file is absent", async () => {
    await using root = await tmpRoot();
    const file = join(root.path, "events.log");
    expect(await lastLines(file, 100)).toBeUndefined();
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i} ${"x".repeat(40)}`);
    writeFileSync(file, `${lines.join("\n")}\n`);
    expect(await lastLines(file, 100)).toBe(`${lines.slice(-100).join("\n")}\n`);
    writeFileSync(file, "a\nb");
    expect(await lastLines(file, 100)).toBe("a\nb\n");
    writeFileSync(file, "");
    expect(await lastLines(file, 100)).toBe("");
  });
});

describe("follow", () => {
  test("prints the last lines, then appended lines, also after the file is rotated", async () => {
    await using root = await tmpRoot();
    const file = join(root.path, "events.log");
    writeFileSync(file, "1\n2\n3\n");
    let out = "";
    let stop!: () => void;
    const done = follow(file, { initial: 2, intervalMs: 10, write: (t) => void (out += t), until: new Promise<void>((r) => (stop = r)) });
    await waitFor(() => out === "2\n3\n");
    appendFileSync(file, "4\npartial");
    await waitFor(() => out === "2\n3\n4\n");
    appendFileSync(file, " line\n");
    await waitFor(() => out.endsWith("4\npartial line\n"));
    renameSync(file, `${file}.1`);
    writeFileSync(file, "after rotation\n");
    await waitFor(() => out.endsWith("after rotation\n"));
    stop();
    await done;
  });
});
