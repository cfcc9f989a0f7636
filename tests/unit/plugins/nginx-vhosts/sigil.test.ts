import { describe, expect, test } from "bun:test";
import { renderTemplate } from "../../../../plugins/nginx-vhosts/sigil/render.ts";

const r = (template: string, data: Record<string, unknown> = {}, env: Record<string, string> = {}) =>
  renderTemplate(template, data as Parameters<typeof renderTemplate>[1], env);

describe("renderTemplate() values and text", () => {
  test("prints fields of . and $, and leaves text alone", () => {
    expect(r("app {{ .APP }} on {{ $.PORT }}!", { APP: "web", PORT: "80" })).toBe("app web on 80!");
  });

  test("a missing key prints nothing", () => {
    expect(r("[{{ .NOPE }}]")).toBe("[]");
  });

  test("literals: strings with escapes, raw strings, numbers, booleans", () => {
    expect(r('{{ "a\\tb" }}|{{ `raw\\n` }}|{{ 42 }}|{{ true }}|{{ 0x10 }}')).toBe("a\tb|raw\\n|42|true|16");
  });

  test("trim markers remove whitespace and newlines on their side only", () => {
    expect(r("a  \n  {{- .X -}}  \n  b", { X: "x" })).toBe("axb");
    expect(r("a {{- .X }} b", { X: "x" })).toBe("ax b");
    expect(r("a {{ .X -}} b", { X: "x" })).toBe("a xb");
  });

  test("comments vanish, with or without trim markers", () => {
    expect(r("a{{/* note {{ }} */}}b {{- /* x */ -}} c")).toBe("abc");
  });

  test("a '}}' inside a string does not end the action", () => {
    expect(r('{{ "}}" }}')).toBe("}}");
  });
});

describe("renderTemplate() control flow", () => {
  test("if / else if / else pick the first true branch", () => {
    const t = '{{ if eq .S "http" }}H{{ else if eq .S "https" }}S{{ else }}O{{ end }}';
    expect([r(t, { S: "http" }), r(t, { S: "https" }), r(t, { S: "udp" })]).toEqual(["H", "S", "O"]);
  });

  test("Go truthiness: empty string, zero, empty list and nil are false", () => {
    const t = "{{ if .V }}y{{ else }}n{{ end }}";
    expect([r(t, { V: "" }), r(t, { V: "0" }), r(t, { V: 0 }), r(t, { V: [] }), r(t, {}), r(t, { V: "false" })]).toEqual(["n", "y", "n", "n", "n", "y"]);
  });

  test("range over split with one and two variables", () => {
    expect(r('{{ range $m := .MAPS | split " " }}[{{ $m }}]{{ end }}', { MAPS: "a b" })).toBe("[a][b]");
    expect(r('{{ range $i, $m := split "," .L }}{{ $i }}={{ $m }};{{ end }}', { L: "x,y" })).toBe("0=x;1=y;");
  });

  test("range without variables sets dot; else runs for an empty list", () => {
    expect(r("{{ range .L }}<{{ . }}>{{ else }}none{{ end }}", { L: ["a", "b"] })).toBe("<a><b>");
    expect(r("{{ range .L }}<{{ . }}>{{ else }}none{{ end }}", { L: [] })).toBe("none");
  });

  test("split of an empty string yields one empty element, as Go's strings.Split", () => {
    expect(r('{{ range $x := split " " .E }}[{{ $x }}]{{ end }}', { E: "" })).toBe("[]");
  });

  test("break and continue", () => {
    expect(r('{{ range $x := split " " "a b c d" }}{{ if eq $x "b" }}{{ continue }}{{ end }}{{ if eq $x "d" }}{{ break }}{{ end }}{{ $x }}{{ end }}')).toBe("ac");
  });

  test("with sets dot when the value is true", () => {
    expect(r("{{ with .A }}<{{ . }}>{{ else }}-{{ end }}", { A: "x" })).toBe("<x>");
    expect(r("{{ with .A }}<{{ . }}>{{ else }}-{{ end }}", { A: "" })).toBe("-");
  });

  test("variables: declaration, index, assignment, block scope and $ inside range", () => {
    const t = [
      '{{ range $pm := .MAPS | split " " }}{{ $parts := $pm | split ":" }}',
      "{{ $scheme := index $parts 0 }}{{ $port := index $parts 1 }}",
      "{{ $scheme }}@{{ $port }}/{{ $.APP }};{{ end }}",
    ].join("");
    expect(r(t, { MAPS: "http:80:5000 https:443:5000", APP: "web" })).toBe("http@80/web;https@443/web;");
    expect(r('{{ $x := "a" }}{{ if true }}{{ $x = "b" }}{{ $y := 1 }}{{ end }}{{ $x }}')).toBe("b");
    expect(() => r("{{ if true }}{{ $y := 1 }}{{ end }}{{ $y }}")).toThrow("undefined variable: $y");
  });
});

describe("renderTemplate() functions", () => {
  test("and / or return the deciding operand and short-circuit", () => {
    expect(r('{{ and .A .B }}|{{ or .C .B }}|{{ or "" "" }}', { A: "a", B: "b", C: "" })).toBe("b|b|");
    expect(r("{{ if and .MISSING (index .MISSING 3) }}x{{ end }}")).toBe("");
  });

  test("parenthesised pipelines and comparisons", () => {
    expect(r('{{ if (and (eq .P "80") (.SSL)) }}redirect{{ end }}', { P: "80", SSL: "true" })).toBe("redirect");
    expect(r('{{ if ne .P "80" }}x{{ end }}{{ if eq .P "1" "2" "80" }}y{{ end }}', { P: "80" })).toBe("y");
    expect(r("{{ if lt 1 2 }}a{{ end }}{{ if ge 2 2 }}b{{ end }}{{ not true }}")).toBe("abfalse");
  });

  test("sigil helpers: var, default, join, upper, lower, replace, len, printf", () => {
    expect(r('{{ var "HOME_X" }}|{{ var "UNSET" }}', {}, { HOME_X: "h" })).toBe("h|");
    expect(r('{{ .E | default "d" }}|{{ default "d" "v" }}', { E: "" })).toBe("d|v");
    expect(r('{{ .L | split " " | join "," }}|{{ upper "ab" }}|{{ lower "AB" }}', { L: "a b" })).toBe("a,b|AB|ab");
    expect(r('{{ "a.b.c" | replace "." "-" }}|{{ len "abc" }}|{{ printf "%s:%d%%" "x" 5 }}')).toBe("a-b-c|3|x:5%");
  });

  test("comparing a number with a string is an error, as in Go", () => {
    expect(() => r('{{ eq 1 "1" }}')).toThrow("incompatible types for comparison");
  });
});

describe("renderTemplate() errors name the problem and the line", () => {
  test.each([
    ["{{ if .A }}x", "missing {{end}}"],
    ["x\n{{ end }}", "line 2: unexpected {{end}}"],
    ["{{ .A ", "unclosed action"],
    ["{{ sh \"id\" }}", 'function "sh" not defined'],
    ['{{ file "/etc/passwd" }}', 'function "file" not defined'],
    ["{{ template \"x\" }}", "is not supported"],
    ["{{ .A .B }}", "can't give argument to non-function"],
    ["{{ index .L 5 }}", "index out of range"],
    ["{{ range 3 }}{{ . }}{{ end }}{{ \"ok\" }}{{ $nope }}", "undefined variable: $nope"],
  ])("%p", (template, message) => {
    expect(() => r(template, { L: ["a"] })).toThrow(message);
  });
});
