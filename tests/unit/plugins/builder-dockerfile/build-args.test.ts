import { describe, expect, test } from "bun:test";
import { buildArgEnv, filterBuildArgs } from "../../../../plugins/builder-dockerfile/build-args.ts";

describe("filterBuildArgs", () => {
  test("keeps whitelisted flags in both forms and drops the rest with their values", () => {
    const tokens = ["--build-arg", "A", "--build-arg=B=1", "-v", "/a:/b", "--restart=always", "--no-cache", "-m", "512m", "--label=x=y", "--privileged"];
    expect(filterBuildArgs(tokens)).toEqual(["--build-arg", "A", "--build-arg=B=1", "--no-cache", "-m", "512m", "--label=x=y"]);
  });

  test("a valued flag at the end without its value is dropped", () => {
    expect(filterBuildArgs(["--target"])).toEqual([]);
  });
});

describe("buildArgEnv", () => {
  const config = new Map([["MESSAGE", "hello world"], ["MULTI", "a\nb"], ["OTHER", "x"]]);

  test("value-less --build-arg KEY takes the config value; nothing else of the config leaks", () => {
    expect(buildArgEnv(["--build-arg", "MESSAGE", "--build-arg=MISSING"], config)).toEqual({ MESSAGE: "hello world" });
  });

  test("a config value with newlines is refused with a clear message", () => {
    expect(() => buildArgEnv(["--build-arg=MULTI"], config)).toThrow("Build arg MULTI has a value with newlines");
  });

  test("explicit KEY=VALUE args pass through untouched", () => {
    expect(buildArgEnv(["--build-arg", "OTHER=y"], config)).toEqual({});
  });
});
