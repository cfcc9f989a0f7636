import { describe, expect, test } from "bun:test";
import { parseBuildpacksFile, parseIndex, validBuildpackUrl } from "../../../../plugins/buildpacks/url.ts";

describe("validBuildpackUrl", () => {
  test("expands owner/name to the GitHub heroku-buildpack repository", () => {
    expect(validBuildpackUrl("heroku/nodejs")).toBe("https://github.com/heroku/heroku-buildpack-nodejs.git");
    expect(validBuildpackUrl("heroku-community/apt")).toBe("https://github.com/heroku/heroku-buildpack-apt.git");
  });

  test("passes http(s), git:// and git@ URLs through, with a #ref", () => {
    for (const url of [
      "https://github.com/heroku/heroku-buildpack-ruby.git#v142",
      "http://example.com/buildpacks/static.tgz",
      "git://example.com/owner/pack.git",
      "git@github.com:owner/pack.git",
    ]) {
      expect(validBuildpackUrl(url)).toBe(url);
    }
  });

  test("refuses anything else with Dokku's message", () => {
    expect(() => validBuildpackUrl("not a url")).toThrow("Invalid buildpack specified: not a url");
    expect(() => validBuildpackUrl("ftp://example.com/a/b")).toThrow("Invalid buildpack specified");
    expect(() => validBuildpackUrl("")).toThrow("Must specify a buildpack to add");
  });
});

describe("parseBuildpacksFile", () => {
  test("skips comments and blank lines, normalises shorthand and CRLF", () => {
    const text = "# first\r\nheroku/ruby\r\n\n  https://github.com/a/b.git  \n";
    expect(parseBuildpacksFile(text)).toEqual(["https://github.com/heroku/heroku-buildpack-ruby.git", "https://github.com/a/b.git"]);
  });

  test("names the line that is not a buildpack URL", () => {
    expect(() => parseBuildpacksFile("https://github.com/a/b.git\nrm -rf /\n")).toThrow(
      "Invalid buildpack specified in .buildpacks line 2: rm -rf /",
    );
  });
});

describe("parseIndex", () => {
  test("absent is 0, digits are numbers, anything else is refused", () => {
    expect(parseIndex(undefined)).toBe(0);
    expect(parseIndex("2")).toBe(2);
    expect(() => parseIndex("-1")).toThrow("Invalid --index value: -1");
    expect(() => parseIndex("one")).toThrow("Invalid --index value: one");
  });
});
