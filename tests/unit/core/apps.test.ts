import { describe, expect, test } from "bun:test";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Apps, MAX_APP_NAME, parseAppName, parseNewAppName } from "../../../src/core/apps.ts";
import { AppNotFoundError } from "../../../src/core/errors.ts";
import { pathsUnder, tmpRoot } from "./_context.ts";

const INVALID = "App name must begin with lowercase alphanumeric character, and may only contain lowercase alphanumerics, dots, and hyphens";

describe("app names", () => {
  test.each(["web", "a", "0app", "my-app.v2", "x".repeat(MAX_APP_NAME)])("new name %j is accepted", (name) => {
    expect(parseNewAppName(name)).toBe(name);
  });

  test.each([
    ["Web", INVALID],
    ["-web", INVALID],
    [".web", INVALID],
    ["a..b", INVALID],
    ["a/b", INVALID],
    ["../etc", INVALID],
    ["nul\0byte", INVALID], // argv and env cannot carry NUL, so this rule is only reachable here
    ["ünïcode", INVALID],
    ["web_app", INVALID],
    ["web app", INVALID],
    ["", "Please specify an app to run the command on"],
    [undefined, "Please specify an app to run the command on"],
    ["x".repeat(MAX_APP_NAME + 1), `App name must be at most ${MAX_APP_NAME} characters`],
  ])("new name %j is refused", (name, message) => {
    expect(() => parseNewAppName(name)).toThrow(message);
  });

  test("existing apps may use Dokku's older rule (underscores), but never path tricks", () => {
    expect(parseAppName("old_app")).toBe("old_app");
    for (const name of ["a..b", "a/b", "_x", "Web"]) expect(() => parseAppName(name)).toThrow(INVALID);
  });
});

describe("Apps", () => {
  test("list returns app directories only: no dotfiles, uppercase names, plain files or invalid names", async () => {
    await using root = await tmpRoot();
    const paths = pathsUnder(root.path);
    for (const dir of ["web", "api", "old_app", ".ssh", ".dokkurc", "Backup", "bad name"]) await mkdir(join(paths.dokkuRoot, dir), { recursive: true });
    for (const file of ["dokkurc", "VHOST", "ENV", "file-app"]) await writeFile(join(paths.dokkuRoot, file), "");
    const apps = new Apps(paths);
    expect(await apps.list()).toEqual(["api", "old_app", "web"]);
  });

  test("list of a missing DOKKU_ROOT is empty", async () => {
    await using root = await tmpRoot();
    expect(await new Apps(pathsUnder(join(root.path, "nowhere"))).list()).toEqual([]);
  });

  test("verify validates the name, then requires the directory (AppNotFoundError, exit 20)", async () => {
    await using root = await tmpRoot();
    const paths = pathsUnder(root.path);
    await mkdir(join(paths.dokkuRoot, "web"), { recursive: true });
    await writeFile(join(paths.dokkuRoot, "file-app"), "");
    const apps = new Apps(paths);
    expect(await apps.verify("web")).toBe("web");
    const missing = await apps.verify("ghost").catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(AppNotFoundError);
    expect(missing).toMatchObject({ message: "App ghost does not exist", exitCode: 20 });
    await expect(apps.verify("file-app")).rejects.toBeInstanceOf(AppNotFoundError);
    await expect(apps.verify("../home")).rejects.toThrow(INVALID);
    expect(await apps.exists("../home")).toBe(false);
  });
});
