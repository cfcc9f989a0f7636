// `X:report --global` prints the global values; `--X-global-KEY` is what is stored (empty when
// unset) and `--X-computed-KEY` the effective value, in every report that has global properties.
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { createTestHost, type TestHost } from "../_harness/host.ts";

setDefaultTimeout(120_000);

/** Every core report: plugin and the `<type>` of its `=====> APP <type> information` header. */
const REPORTS: [string, string][] = [
  ["apps", "app"],
  ["builder", "builder"],
  ["builder-dockerfile", "builder-dockerfile"],
  ["builder-herokuish", "builder-herokuish"],
  ["buildpacks", "buildpacks"],
  ["builds", "builds"],
  ["git", "git"],
  ["scheduler", "scheduler"],
];

async function hostWithApp(): Promise<TestHost> {
  const host = await createTestHost();
  expect((await host.dokku(["apps:create", "web"])).code).toBe(0);
  return host;
}

const json = async (host: TestHost, args: string[]) => {
  const r = await host.dokku([...args, "--format", "json"]);
  expect(r).toMatchObject({ code: 0, stderr: "" });
  return JSON.parse(r.stdout) as Record<string, string>;
};

describe("X:report --global", () => {
  test.concurrent("prints the global report, not an app's, for every plugin", async () => {
    await using host = await hostWithApp();
    for (const [plugin, type] of REPORTS) {
      const r = await host.dokku([`${plugin}:report`, "--global"]);
      expect({ plugin, code: r.code, stderr: r.stderr }).toEqual({ plugin, code: 0, stderr: "" });
      const [header, ...rows] = r.stdout.trimEnd().split("\n");
      expect(header).toBe(`=====> global ${type} information`);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect({ plugin, row }).toEqual({ plugin, row: expect.stringMatching(/^ {7}\S.* (global|computed) /i) });
      for (const key of Object.keys(await json(host, [`${plugin}:report`, "--global"]))) {
        expect({ plugin, key }).toEqual({ plugin, key: expect.stringMatching(/(^|-)(global|computed)-/) });
      }
      expect(r.stdout).not.toContain("web");
    }
  });

  test.concurrent("apps:report --global prints Dokku's global app values", async () => {
    await using host = await hostWithApp();
    expect(await host.dokku(["apps:report", "--global"])).toEqual({
      code: 0,
      stdout: "=====> global app information\n       App global disable autocreation:\n",
      stderr: "",
    });
    await host.dokku(["apps:set", "--global", "disable-autocreation", "true"]);
    expect((await host.dokku(["apps:report", "--global", "--app-global-disable-autocreation"])).stdout).toBe("true\n");
  });
});

describe("global- flags print what is stored, computed- flags the effective value", () => {
  test.concurrent("git archive limits, with --global and for an app", async () => {
    await using host = await hostWithApp();
    const flag = async (...args: string[]) => {
      const r = await host.dokku(["git:report", ...args]);
      expect(r).toMatchObject({ code: 0, stderr: "" });
      return r.stdout;
    };
    expect(await flag("--global", "--git-global-archive-max-size")).toBe("\n");
    expect(await flag("--global", "--git-computed-archive-max-size")).toBe("1073741824\n");
    expect(await flag("web", "--git-global-archive-max-files")).toBe("\n");
    expect(await flag("web", "--git-computed-archive-max-files")).toBe("10000\n");
    await host.dokku(["git:set", "--global", "archive-max-size", "5000"]);
    expect(await flag("--global", "--git-global-archive-max-size")).toBe("5000\n");
    expect(await flag("web", "--git-computed-archive-max-size")).toBe("5000\n");
  });

  test.concurrent("every global- flag of every app report is empty on a fresh host", async () => {
    await using host = await hostWithApp();
    for (const [plugin] of REPORTS) {
      for (const args of [[`${plugin}:report`, "web"], [`${plugin}:report`, "--global"]]) {
        const values = await json(host, args);
        for (const [key, value] of Object.entries(values)) if (/(^|-)global-/.test(key)) expect({ args, key, value }).toEqual({ args, key, value: "" });
      }
    }
  });

  test.concurrent("the global values set by X:set --global show in both global- and computed-", async () => {
    await using host = await hostWithApp();
    const settings: [string, string, string, string][] = [
      ["scheduler", "selected", "null", "--scheduler-%-selected"],
      ["builder-dockerfile", "dockerfile-path", "docker/Dockerfile", "--builder-dockerfile-%-dockerfile-path"],
      ["builder", "selected", "dockerfile", "--builder-%-selected"],
      ["builds", "retention", "7", "--builds-%-retention"],
      ["git", "deploy-branch", "trunk", "--git-%-deploy-branch"],
    ];
    for (const [plugin, key, value, pattern] of settings) {
      const set = plugin === "buildpacks" ? "set-property" : "set";
      expect((await host.dokku([`${plugin}:${set}`, "--global", key, value])).code).toBe(0);
      for (const scope of ["--global", "web"]) {
        for (const kind of ["global", "computed"]) {
          const r = await host.dokku([`${plugin}:report`, scope, pattern.replace("%", kind)]);
          expect({ plugin, scope, kind, r }).toEqual({ plugin, scope, kind, r: { code: 0, stdout: `${value}\n`, stderr: "" } });
        }
      }
    }
  });
});
