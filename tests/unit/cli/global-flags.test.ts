import { describe, expect, test } from "bun:test";
import { applyAppFlag, parseGlobalFlags } from "../../../src/cli/global-flags.ts";

describe("parseGlobalFlags", () => {
  test("--quiet and --trace are recognised anywhere and removed from the core argv", () => {
    const parsed = parseGlobalFlags(["apps:report", "--quiet", "web", "--trace"]);
    expect(parsed.flags).toEqual({ quiet: true, trace: true, force: false, app: undefined, list: "--quiet --trace" });
    expect(parsed.core).toEqual(["apps:report", "web"]);
    // community plugins get argv with only the leading flags shifted off, as Dokku does
    expect(parsed.plugin).toEqual(["apps:report", "--quiet", "web", "--trace"]);
  });

  test("leading flags are shifted off for both argv forms", () => {
    const parsed = parseGlobalFlags(["--quiet", "--rm", "run", "web", "ls"]);
    expect(parsed.core).toEqual(["run", "web", "ls"]);
    expect(parsed.plugin).toEqual(["run", "web", "ls"]);
    expect(parsed.flags.list).toBe("--quiet --rm");
  });

  test("--force sets the flag but stays in argv for the command's own parser", () => {
    const parsed = parseGlobalFlags(["apps:destroy", "web", "--force"]);
    expect(parsed.flags.force).toBe(true);
    expect(parsed.core).toEqual(["apps:destroy", "web", "--force"]);
  });

  test("--app NAME and --app=NAME take their value with them", () => {
    expect(parseGlobalFlags(["--app", "web", "ps:report"])).toEqual({
      flags: { quiet: false, trace: false, force: false, app: "web", list: "--app=web" },
      plugin: ["ps:report"],
      core: ["ps:report"],
    });
    const inline = parseGlobalFlags(["ps:report", "--app=web", "--format", "json"]);
    expect(inline.flags.app).toBe("web");
    expect(inline.core).toEqual(["ps:report", "--format", "json"]);
    expect(inline.flags.list).toBe("--app=web --format");
  });

  test("--version is kept so `dokku --version` works", () => {
    expect(parseGlobalFlags(["--version"]).core).toEqual(["--version"]);
    expect(parseGlobalFlags(["--quiet", "--version"]).core).toEqual(["--version"]);
  });

  test("the environment presets flags, and DOKKU_GLOBAL_FLAGS from a parent wins", () => {
    const parsed = parseGlobalFlags(["apps:list", "--format", "json"], {
      DOKKU_QUIET_OUTPUT: "1",
      DOKKU_TRACE: "1",
      DOKKU_APPS_FORCE_DELETE: "1",
      DOKKU_APP_NAME: "web",
      DOKKU_GLOBAL_FLAGS: "--from-parent",
    });
    expect(parsed.flags).toEqual({ quiet: true, trace: true, force: true, app: "web", list: "--from-parent" });
  });

  test("applyAppFlag prepends the app after the command name", () => {
    expect(applyAppFlag(["ps:report", "--format", "json"], "web")).toEqual(["ps:report", "web", "--format", "json"]);
    expect(applyAppFlag(["ps:report"], undefined)).toEqual(["ps:report"]);
    expect(applyAppFlag([], "web")).toEqual([]);
  });
});
