import { describe, expect, test } from "bun:test";
import { defaultDomains, isIpAddress, parseDomain, parseVhostFile } from "../../../../plugins/domains/hostname.ts";

describe("parseDomain()", () => {
  test.each([["Example.COM", "example.com"], ["*.example.com", "*.example.com"], ["_", "_"], ["10.0.0.1", "10.0.0.1"], ["a-b.c", "a-b.c"]])(
    "accepts %p",
    (input, expected) => expect(parseDomain(input)).toBe(expected),
  );

  test.each(["exa mple.com", "example.com.", "-", "a..b", "a*.example.com", `${"a".repeat(64)}.com`, `${"a.".repeat(127)}a`, "example.com/x", ""])(
    "refuses %p with Dokku's message",
    (input) => expect(() => parseDomain(input)).toThrow(`${input} is invalid. exiting...`),
  );
});

describe("default domains", () => {
  test("APP.VHOST for every global vhost that is not an IP address", () => {
    expect(defaultDomains("web", ["dokku.me", "10.0.0.2", "::1", "example.org"])).toEqual(["web.dokku.me", "web.example.org"]);
  });

  test("an app name with a dot is used as the hostname itself", () => {
    expect(defaultDomains("www.example.com", ["dokku.me"])).toEqual(["www.example.com"]);
  });

  test("nginx-hostname's answer replaces the default", () => {
    expect(defaultDomains("web", ["dokku.me"], () => "custom.example")).toEqual(["custom.example"]);
  });

  test("isIpAddress() knows v4, v6 and bracketed v6", () => {
    expect([isIpAddress("10.1.2.3"), isIpAddress("::1"), isIpAddress("[fe80::1]"), isIpAddress("dokku.me")]).toEqual([true, true, true, false]);
  });
});

test("parseVhostFile() drops blank lines and duplicates", () => {
  expect(parseVhostFile("a.com\n\n  b.com \na.com\n")).toEqual(["a.com", "b.com"]);
});
