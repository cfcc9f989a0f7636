// registry:set / registry:report / registry:login / registry:logout input handling and the
// deployed-app-* triggers schedulers query. Pushing to a real registry: tests/integration/registry-push.test.ts.
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { createTestHost, type TestHost } from "../_harness/host.ts";

setDefaultTimeout(120_000);

async function hostWithApp(): Promise<TestHost> {
  const host = await createTestHost();
  expect((await host.dokku(["apps:create", "web"])).code).toBe(0);
  return host;
}

const value = async (host: TestHost, ...args: string[]) => (await host.dokku(args)).stdout.trim();

describe("registry:set and registry:report", () => {
  test.concurrent("app values override global ones; computed values follow Dokku's rules", async () => {
    await using host = await hostWithApp();
    expect(await value(host, "registry:report", "web", "--registry-computed-image-repo")).toBe("dokku/web");
    expect(await value(host, "registry:report", "web", "--registry-computed-push-on-release")).toBe("false");
    // Nothing when the default applies: callers (run) take an answer as an override of the release.
    expect(await value(host, "plugin:trigger", "deployed-app-image-repo", "web")).toBe("");
    for (const args of [
      ["--global", "server", "docker.io"], ["--global", "push-on-release", "true"], ["--global", "image-repo-template", "acme/{{ .AppName }}"],
      ["web", "server", "127.0.0.1:5000"], ["web", "push-extra-tags", "latest,stable"],
    ]) {
      expect(await host.dokku(["registry:set", ...args])).toMatchObject({ code: 0, stderr: "" });
    }
    expect(await value(host, "registry:report", "web", "--registry-computed-server")).toBe("127.0.0.1:5000/");
    expect(await value(host, "registry:report", "--global", "--registry-computed-server")).toBe("");
    expect(await value(host, "registry:report", "web", "--registry-computed-image-repo")).toBe("acme/web");
    expect(await value(host, "registry:report", "web", "--registry-computed-push-on-release")).toBe("true");
    expect(await value(host, "plugin:trigger", "deployed-app-image-repo", "web")).toBe("acme/web");
    expect(await value(host, "plugin:trigger", "deployed-app-repository", "web")).toBe("127.0.0.1:5000/");
    expect(await value(host, "plugin:trigger", "deployed-app-image-tag", "web")).toBe("1");
    expect(await host.dokku(["registry:set", "web", "image-repo", "team/web"])).toMatchObject({ code: 0 });
    const report = JSON.parse((await host.dokku(["registry:report", "web", "--format", "json"])).stdout) as Record<string, string>;
    expect(report).toMatchObject({
      "computed-image-repo": "team/web", "image-repo": "team/web", "push-extra-tags": "latest,stable",
      "computed-push-extra-tags": "latest,stable", "global-push-on-release": "true", "tag-version": "",
    });
    // An empty value unsets: back to the global and default values.
    expect(await host.dokku(["registry:set", "web", "server"])).toMatchObject({ code: 0, stdout: "=====> Unsetting server\n" });
    expect(await value(host, "registry:report", "web", "--registry-computed-server")).toBe("");
  });

  test.concurrent("bad keys, scopes and values are refused with one line and change nothing", async () => {
    await using host = await hostWithApp();
    const cases: [string[], string, number][] = [
      [["registry:set", "web", "push-on-release", "yes"], "Invalid value for push-on-release: yes (expected true or false)", 1],
      [["registry:set", "web", "server", "https://ghcr.io"], 'Invalid registry server "https://ghcr.io"', 1],
      [["registry:set", "web", "image-repo", "Acme/Web"], 'Invalid image repository "Acme/Web"', 1],
      [["registry:set", "web", "image-repo-template", "x/{{ .Env }}"], "Invalid image-repo-template: unsupported template action", 1],
      [["registry:set", "web", "push-extra-tags", "ok,-no"], "Invalid tag in push-extra-tags: -no", 1],
      [["registry:set", "--global", "image-repo", "x/y"], "Property cannot be specified globally", 1],
      [["registry:set", "web", "tag-version", "7"], "Invalid property specified, valid properties include: image-repo, image-repo-template, push-extra-tags, push-on-release, server", 1],
      [["registry:set", "nope", "server", "x"], "App nope does not exist", 20],
    ];
    for (const [args, message, code] of cases) {
      const r = await host.dokku(args);
      expect({ args, code: r.code, stdout: r.stdout, error: r.stderr.includes(` !     ${message}`) }).toEqual({ args, code, stdout: "", error: true });
    }
    expect(await value(host, "registry:report", "web", "--registry-push-on-release")).toBe("");
    expect(await value(host, "registry:report", "web", "--registry-server")).toBe("");
  });
});

describe("registry:login and registry:logout", () => {
  test.concurrent("missing arguments and unknown apps fail before docker is asked", async () => {
    await using host = await hostWithApp();
    const cases: [string[], string, number, string?][] = [
      [["registry:login", "--global"], "Missing server argument", 1],
      [["registry:login", "--global", "127.0.0.1:1"], "Missing username argument", 1],
      [["registry:login", "--global", "127.0.0.1:1", "user"], "Missing password argument", 1],
      [["registry:login", "--global", "--password-stdin", "127.0.0.1:1", "user"], "Missing password argument", 1, "\n"],
      [["registry:login", "nope", "127.0.0.1:1", "user", "pass"], "App nope does not exist", 20],
      [["registry:login", "--global", "--", "-x", "user", "pass"], "Invalid registry server: -x", 1],
      [["registry:logout", "--global"], "Missing server argument", 1],
      [["registry:logout", "nope", "127.0.0.1:1"], "App nope does not exist", 20],
    ];
    for (const [args, message, code, input] of cases) {
      const r = await host.dokku(args, { input });
      expect({ args, code: r.code, error: r.stderr.includes(` !     ${message}`) }).toEqual({ args, code, error: true });
    }
  });
});
