// The legacy CHECKS file: its template subset and its conversion into app.json healthchecks.
import { describe, expect, test } from "bun:test";
import { parseChecksFile, renderChecksTemplate } from "../../../../plugins/checks/checks-file.ts";

const defaults = { attempts: 3, wait: 5, timeout: 5 };
const base = { type: "startup", kind: "http", scheme: "http", initialDelay: 0, warn: false, onFailure: false, headers: [] } as const;

describe("parseChecksFile", () => {
  test("paths with content, comments and blank lines; unsupported lines are ignored as Dokku ignores them", () => {
    const text = "# checks\n\n/       My Amazing App\n/stylesheets/index.css  .body\nnot a check\n/images/logo.png\r\n";
    expect(parseChecksFile(text, defaults)).toEqual([
      { ...base, name: "check-1", path: "/", content: "My Amazing App", ...defaults },
      { ...base, name: "check-2", path: "/stylesheets/index.css", content: ".body", ...defaults },
      { ...base, name: "check-3", path: "/images/logo.png", content: undefined, ...defaults },
    ]);
  });

  test("WAIT, TIMEOUT and ATTEMPTS (inline comments allowed) apply to the checks after them", () => {
    const text = "/first\nWAIT=2     # wait\nTIMEOUT=60  # timeout\nATTEMPTS=10\nOTHER=x\n/second ok\n";
    const [first, second] = parseChecksFile(text, defaults);
    expect(first).toMatchObject({ path: "/first", attempts: 3, wait: 5, timeout: 5 });
    expect(second).toMatchObject({ path: "/second", content: "ok", attempts: 10, wait: 2, timeout: 60 });
  });

  test("//host/path sends that Host header; http(s):// sets the scheme too", () => {
    const checks = parseChecksFile("//admin.example.com Admin Dashboard\nhttps://static.example.com/logo.png\nhttps:/plain\n//bare.example.com\n", defaults);
    expect(checks.map((c) => [c.scheme, c.path, c.headers, c.content])).toEqual([
      ["http", "/", [["Host", "admin.example.com"]], "Admin Dashboard"],
      ["https", "/logo.png", [["Host", "static.example.com"]], undefined],
      ["https", "/plain", [], undefined],
      ["http", "/", [["Host", "bare.example.com"]], undefined],
    ]);
  });

  test("a setting that is not a number is an error naming the line", () => {
    expect(() => parseChecksFile("/\nWAIT=soon\n", defaults)).toThrow('Invalid CHECKS file: line 2: WAIT must be a whole number of seconds of at least 0, got "soon"');
    expect(() => parseChecksFile("ATTEMPTS=0\n", defaults)).toThrow("line 1: ATTEMPTS must be a whole number of at least 1");
    expect(() => parseChecksFile("TIMEOUT=-1\n", defaults)).toThrow("TIMEOUT must be");
    expect(() => parseChecksFile("///path\n", defaults)).toThrow('line 1: "///path" has no host name');
  });
});

describe("renderChecksTemplate", () => {
  const config = new Map([["DOMAIN", "app.example.com"], ["TOKEN", 'a"b']]);
  const vars = (name: string) => config.get(name);

  test("{{ var \"NAME\" }} from the app's config, empty when unset; plain text untouched", () => {
    expect(renderChecksTemplate('//{{ var "DOMAIN" }}/health ok\n/x {{var "MISSING"}}end\n', vars)).toBe("//app.example.com/health ok\n/x end\n");
    expect(renderChecksTemplate("/ no templates here\n", vars)).toBe("/ no templates here\n");
  });

  test("quoted literals are the documented way to write braces; {{- -}} trim", () => {
    expect(renderChecksTemplate('/ {{"{"}}json{{`}`}}\n', vars)).toBe("/ {json}\n");
    expect(renderChecksTemplate('/ a   {{- "b" -}}   c\n', vars)).toBe("/ abc\n");
    expect(renderChecksTemplate("/ {{ `\\n` }}\n", vars)).toBe("/ \\n\n");
  });

  test("other expressions and unclosed braces are refused with the expression", () => {
    expect(() => renderChecksTemplate("/ {{ .Env }}\n", vars)).toThrow("Invalid CHECKS file: unsupported template expression {{ .Env }}");
    expect(() => renderChecksTemplate('/ {{ var "X" | upper }}\n', vars)).toThrow("unsupported template expression");
    expect(() => renderChecksTemplate("/ {{ oops\n", vars)).toThrow("Invalid CHECKS file: unclosed {{ in template");
  });
});
