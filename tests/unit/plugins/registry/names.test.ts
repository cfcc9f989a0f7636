import { describe, expect, test } from "bun:test";
import {
  computedServer, invalidValue, loginServer, nextTagVersion, parseExtraTags, remoteImage, renderRepoTemplate,
} from "../../../../plugins/registry/names.ts";

describe("computedServer", () => {
  test("empty stays empty; Docker Hub is the implicit registry; others end with one slash", () => {
    expect(["", " ", "docker.io", "hub.docker.com/", "127.0.0.1:5000", "ghcr.io/", "host:5000/team//"].map(computedServer)).toEqual([
      "", "", "", "", "127.0.0.1:5000/", "ghcr.io/", "host:5000/team/",
    ]);
  });
});

test("loginServer names Docker Hub docker.io and drops trailing slashes", () => {
  expect(["hub.docker.com", "docker.com/", "ghcr.io/", "127.0.0.1:5000"].map(loginServer)).toEqual(["docker.io", "docker.io", "ghcr.io", "127.0.0.1:5000"]);
});

describe("renderRepoTemplate", () => {
  test("substitutes .AppName in Go template spellings", () => {
    expect(renderRepoTemplate("acme/{{ .AppName }}", "web")).toBe("acme/web");
    expect(renderRepoTemplate("acme/{{.AppName}}-prod", "web")).toBe("acme/web-prod");
    expect(renderRepoTemplate("{{- .AppName -}}/{{ .AppName }}", "web")).toBe("web/web");
  });
  test("refuses other template actions instead of leaving braces in an image name", () => {
    expect(() => renderRepoTemplate("acme/{{ .Other }}", "web")).toThrow("unsupported template action");
  });
});

test("parseExtraTags splits on commas and drops blanks", () => {
  expect(parseExtraTags("foo, bar,,baz ")).toEqual(["foo", "bar", "baz"]);
  expect(parseExtraTags("")).toEqual([]);
});

test("remoteImage joins server prefix, repository and tag", () => {
  expect(remoteImage("127.0.0.1:5000/", "dokku/web", "3")).toBe("127.0.0.1:5000/dokku/web:3");
  expect(remoteImage("", "acme/web", "1")).toBe("acme/web:1");
});

test("nextTagVersion counts from 1 and refuses a corrupt value", () => {
  expect([undefined, "", "1", " 41\n"].map(nextTagVersion)).toEqual([1, 1, 2, 42]);
  expect(() => nextTagVersion("x1")).toThrow("Unable to convert existing tag version (x1) to integer");
});

describe("invalidValue", () => {
  test("accepts what docker accepts", () => {
    const good: [string, string][] = [
      ["server", "127.0.0.1:5000"], ["server", "ghcr.io/"], ["server", "registry.example.com/team"],
      ["image-repo", "acme/web-app"], ["image-repo", "a/b.c/d__e"], ["image-repo-template", "acme/{{ .AppName }}"],
      ["push-on-release", "true"], ["push-on-release", "false"], ["push-extra-tags", "latest,v1.2.3"],
    ];
    expect(good.map(([k, v]) => invalidValue(k, v))).toEqual(good.map(() => undefined));
  });
  test("refuses names that would break a push", () => {
    const bad: [string, string][] = [
      ["server", "https://ghcr.io"], ["server", "host name"], ["image-repo", "Acme/Web"], ["image-repo", "acme//web"],
      ["image-repo-template", "acme/{{ .Nope }}"], ["image-repo-template", "Acme/{{ .AppName }}"],
      ["push-on-release", "yes"], ["push-extra-tags", "ok,-bad"],
    ];
    for (const [key, value] of bad) expect({ key, value, problem: typeof invalidValue(key, value) }).toEqual({ key, value, problem: "string" });
  });
});
