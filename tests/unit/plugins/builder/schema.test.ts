import { expect, test } from "bun:test";
import { normalizeBuildDir } from "../../../../plugins/builder/schema.ts";

test("normalizeBuildDir trims slashes and keeps nested paths", () => {
  expect(normalizeBuildDir("/apps/web/")).toBe("apps/web");
  expect(normalizeBuildDir("api")).toBe("api");
});

test.each(["..", "a/../b", "a//b", "../x", "/", ""])("normalizeBuildDir refuses %p", (value) => {
  expect(() => normalizeBuildDir(value)).toThrow("Invalid build-dir");
});
