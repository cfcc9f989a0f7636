import { describe, expect, test } from "bun:test";
import { configDigest } from "../../../../plugins/releases/lifecycle.ts";
import { releaseNumber, releaseTag } from "../../../../plugins/releases/schema.ts";

describe("releases", () => {
  test("the config digest depends on keys and values, not on their order", () => {
    const a = configDigest(new Map([["A", "1"], ["B", "2"]]));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(configDigest(new Map([["B", "2"], ["A", "1"]]))).toBe(a);
    expect(configDigest(new Map([["A", "1"], ["B", "3"]]))).not.toBe(a);
    // A value holding what looks like the next line cannot collide with a second variable.
    expect(configDigest(new Map([["A", "1\nB=2"]]))).not.toBe(a);
  });

  test("release tags and numbers", () => {
    expect(releaseTag(7)).toBe("release-7");
    expect(releaseNumber("release-7")).toBe(7);
    expect(releaseNumber("latest")).toBeUndefined();
    expect(releaseNumber("release-x")).toBeUndefined();
  });
});
