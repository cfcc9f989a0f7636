import { describe, expect, test } from "bun:test";
import { renderReport, reportArgs } from "../../../src/core/report.ts";
import { createTestCtx } from "./_context.ts";

const VALUES = {
  "--app-dir": "/home/dokku/web",
  "--app-locked": "false",
  "--app-deploy-source": "",
  "--app-created-at": "1700000000",
};

describe("renderReport", () => {
  test("text: header, rows sorted by flag, labels padded to 31 columns, empty values trimmed", async () => {
    await using t = await createTestCtx();
    renderReport(t.ctx, { type: "app", subject: "web", values: VALUES });
    expect(t.stdout()).toBe(
      [
        "=====> web app information",
        "       App created at:                1700000000",
        "       App deploy source:",
        "       App dir:                       /home/dokku/web",
        "       App locked:                    false",
        "",
      ].join("\n"),
    );
    expect(t.stderr()).toBe("");
  });

  test("text: a flag longer than 31 characters widens the column to its length", async () => {
    await using t = await createTestCtx();
    const long = "--nginx-computed-proxy-read-timeout"; // 35 characters
    renderReport(t.ctx, { type: "nginx", subject: "web", values: { [long]: "60s", "--nginx-hsts": "true", "--nginx.dotted": "x" } });
    const rows = t.stdout().split("\n").slice(1, -1);
    expect(rows).toEqual([
      "       Nginx computed proxy read timeout: 60s",
      "       Nginx hsts:                        true",
      "       Nginx dotted:                      x",
    ]);
  });

  test("text under --quiet: no header, rows unchanged", async () => {
    await using t = await createTestCtx({ flags: { quiet: true } });
    renderReport(t.ctx, { type: "app", subject: "web", values: { "--app-locked": "true" } });
    expect(t.stdout()).toBe("       App locked:                    true\n");
  });

  test("json: one line, keys without --, plus the short form without the type prefix", async () => {
    await using t = await createTestCtx();
    renderReport(t.ctx, { type: "app", subject: "web", values: { ...VALUES, "--locked": "explicit" }, format: "json" });
    expect(t.stdout().endsWith("}\n")).toBe(true);
    expect(t.stdout().split("\n")).toHaveLength(2);
    expect(JSON.parse(t.stdout())).toEqual({
      "app-created-at": "1700000000",
      "created-at": "1700000000",
      "app-deploy-source": "",
      "deploy-source": "",
      "app-dir": "/home/dokku/web",
      dir: "/home/dokku/web",
      "app-locked": "false",
      locked: "explicit", // an explicit short flag wins over the derived one
    });
  });

  test("a single info flag prints only the raw value", async () => {
    await using t = await createTestCtx();
    renderReport(t.ctx, { type: "app", subject: "web", values: VALUES, infoFlag: "--app-dir" });
    expect(t.stdout()).toBe("/home/dokku/web\n");
    renderReport(t.ctx, { type: "app", subject: "web", values: VALUES, infoFlag: "--app-deploy-source" });
    expect(t.stdout()).toBe("/home/dokku/web\n\n");
  });

  test("an unknown info flag lists the valid flags, sorted", async () => {
    await using t = await createTestCtx();
    expect(() => renderReport(t.ctx, { type: "app", subject: "web", values: VALUES, infoFlag: "--nope" })).toThrow(
      "Invalid flag passed, valid flags: --app-created-at, --app-deploy-source, --app-dir, --app-locked",
    );
    expect(t.stdout()).toBe("");
  });
});

describe("reportArgs", () => {
  test("splits positionals, --format (both spellings) and one info flag; --global is ignored", () => {
    expect(reportArgs(["web", "--format", "json"])).toEqual({ format: "json", infoFlag: undefined, positionals: ["web"] });
    expect(reportArgs(["--format=stdout", "web"])).toEqual({ format: "stdout", infoFlag: undefined, positionals: ["web"] });
    expect(reportArgs(["web", "--app-dir"])).toEqual({ format: undefined, infoFlag: "--app-dir", positionals: ["web"] });
    expect(reportArgs(["--global", "--app-dir"])).toEqual({ format: undefined, infoFlag: "--app-dir", positionals: [] });
  });

  test("rejects two info flags, an unknown format, and --format with an info flag", () => {
    expect(() => reportArgs(["web", "--app-dir", "--app-locked"], ["--global"], "apps")).toThrow("apps:report command allows only a single flag");
    expect(() => reportArgs(["web", "--format", "yaml"])).toThrow("Invalid --format value specified: yaml");
    expect(() => reportArgs(["web", "--format"])).toThrow("Invalid --format value specified: ");
    expect(() => reportArgs(["web", "--format", "json", "--app-dir"])).toThrow("--format flag cannot be specified when specifying an info flag");
  });
});
