// apps:* on the compiled binary: stdout, then stderr, then exit code (STYLE C14).
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join, relative } from "node:path";
import { createTestHost, type TestHost } from "../_harness/host.ts";

setDefaultTimeout(60_000); // each test runs the binary many times; bunfig has no default-timeout key

const ok = (stdout: string) => ({ code: 0, stdout, stderr: "" });
const fail = (message: string, code = 1) => ({ code, stdout: "", stderr: ` !     ${message}\n` });
const INVALID = "App name must begin with lowercase alphanumeric character, and may only contain lowercase alphanumerics, dots, and hyphens";
const DESTROY_WARNING = [" !     WARNING: Potentially Destructive Action", " !     This command will destroy app web.", ' !     To proceed, type "web"', ""].join("\n");

/** Every path under the host's roots, to prove a refused command created nothing. */
async function tree(host: TestHost): Promise<string[]> {
  const entries = await readdir(host.root, { recursive: true });
  return entries.map((e) => relative(host.root, join(host.root, e))).sort();
}

async function hostWith(...apps: string[]): Promise<TestHost> {
  const host = await createTestHost();
  for (const app of apps) expect((await host.dokku(["apps:create", app])).code).toBe(0);
  return host;
}

describe("apps:create", () => {
  test.concurrent("creates the app directory and a created-at stamp", async () => {
    await using host = await createTestHost();
    const before = Math.floor(Date.now() / 1000);
    expect(await host.dokku(["apps:create", "web"])).toEqual(ok("-----> Creating web...\n"));
    expect(existsSync(join(host.dokkuRoot, "web"))).toBe(true);
    const stamp = Number(await readFile(join(host.libRoot, "config", "apps", "web", "created-at"), "utf8"));
    expect(stamp).toBeGreaterThanOrEqual(before);
    expect(stamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(await host.dokku(["apps:create", "web"])).toEqual(fail("Name is already taken"));
  });

  test.concurrent("invalid names are refused with Dokku's message and nothing is created", async () => {
    await using host = await createTestHost();
    // The first run of the binary on a host lays out the bash plugin API (host set-up, as
    // install.sh's): the tree is taken after it.
    expect((await host.dokku(["version"])).code).toBe(0);
    const before = await tree(host);
    const cases: [string[], string][] = [
      [["Web"], INVALID],
      [["-web"], INVALID],
      [[".web"], INVALID],
      [["a..b"], INVALID],
      [["../escape"], INVALID],
      [["a/b"], INVALID],
      [["ünïcode"], INVALID],
      [["snow☃"], INVALID],
      [["web_app"], INVALID],
      [["x".repeat(64)], "App name must be at most 63 characters"],
      [[""], "Please specify an app to run the command on"],
      [[], "Please specify an app to run the command on"],
      // NUL cannot be passed at all: argv and the environment (SSH_ORIGINAL_COMMAND) are C strings.
      // The name rule's NUL case is covered in tests/unit/core/apps.test.ts.
    ];
    for (const [args, message] of cases) {
      expect({ args, ...(await host.dokku(["apps:create", ...args])) }).toEqual({ args, ...fail(message) });
    }
    expect(await tree(host)).toEqual(before);
    expect((await host.dokku(["apps:create", "x".repeat(63)])).code).toBe(0);
  });
});

describe("apps:destroy", () => {
  test.concurrent("asks for the app name on stdin and destroys on a match", async () => {
    await using host = await hostWith("web");
    expect(await host.dokku(["apps:destroy", "web"], { input: "web\n" })).toEqual({
      code: 0,
      stdout: "> \n-----> Destroying web (including all add-ons)\n",
      stderr: DESTROY_WARNING,
    });
    expect(existsSync(join(host.dokkuRoot, "web"))).toBe(false);
    expect(existsSync(join(host.libRoot, "config", "apps", "web"))).toBe(false);
  });

  test.concurrent("a wrong or missing confirmation aborts and keeps the app", async () => {
    await using host = await hostWith("web");
    for (const input of ["wrong\n", "", "webx\n"]) {
      expect(await host.dokku(["apps:destroy", "web"], { input })).toEqual({
        code: 1,
        stdout: "> \n",
        stderr: `${DESTROY_WARNING} !     Confirmation did not match test. Aborted.\n`,
      });
    }
    expect(existsSync(join(host.dokkuRoot, "web"))).toBe(true);
  });

  test.concurrent("--force skips the prompt, as a command flag or a global flag", async () => {
    await using host = await hostWith("web", "api");
    expect(await host.dokku(["apps:destroy", "web", "--force"])).toEqual(ok("-----> Destroying web (including all add-ons)\n"));
    expect(await host.dokku(["--force", "apps:destroy", "api"])).toEqual(ok("-----> Destroying api (including all add-ons)\n"));
    expect(await host.dokku(["apps:list", "--format", "json"])).toEqual(ok("[]\n"));
    expect(await host.dokku(["apps:destroy", "web", "--force"])).toEqual(fail("App web does not exist", 20));
  });

  test.concurrent("a lock left by a killed holder is recovered: destroy succeeds without apps:unlock", async () => {
    await using host = await hostWith("web");
    const dead = spawnSync("sleep", ["0"]).pid!;
    const lock = join(host.libRoot, "data", "apps", "web", ".deploy.lock");
    await mkdir(join(lock, ".."), { recursive: true });
    const holder = { pid: dead, start: "", host: hostname(), command: "git-hook", since: new Date().toISOString() };
    await writeFile(lock, JSON.stringify(holder));
    expect(await host.dokku(["apps:locked", "web"])).toEqual(fail("Deploy lock does not exist"));
    expect(await host.dokku(["apps:report", "web", "--app-locked"])).toEqual(ok("false\n"));
    expect(await host.dokku(["apps:destroy", "web", "--force"])).toEqual(ok("-----> Destroying web (including all add-ons)\n"));
    expect(existsSync(join(host.dokkuRoot, "web"))).toBe(false);
  });
});

describe("apps:rename and apps:clone", () => {
  test.concurrent("rename moves the app directory and its properties", async () => {
    await using host = await hostWith("old");
    await writeFile(join(host.dokkuRoot, "old", "VHOST"), "old.example\n");
    const created = await readFile(join(host.libRoot, "config", "apps", "old", "created-at"), "utf8");
    const r = await host.dokku(["apps:rename", "old", "new"]);
    expect(r).toEqual(ok("-----> Renaming old to new\n-----> Creating new...\n-----> Destroying old (including all add-ons)\n"));
    expect(await host.dokku(["apps:list", "--format", "json"])).toEqual(ok('["new"]\n'));
    expect(await readFile(join(host.dokkuRoot, "new", "VHOST"), "utf8")).toBe("old.example\n");
    expect(await readFile(join(host.libRoot, "config", "apps", "new", "created-at"), "utf8")).toBe(created);
    expect(existsSync(join(host.libRoot, "config", "apps", "old"))).toBe(false);
  });

  test.concurrent("rename refuses a taken, invalid or missing name", async () => {
    await using host = await hostWith("a", "b");
    expect(await host.dokku(["apps:rename", "a", "b"])).toEqual(fail("Name is already taken"));
    expect(await host.dokku(["apps:rename", "a", "B"])).toEqual(fail(INVALID));
    expect(await host.dokku(["apps:rename", "ghost", "c"])).toEqual(fail("App ghost does not exist", 20));
    // dokku-compat: Dokku checks that both names were given before anything else, in these words.
    for (const command of ["apps:rename", "apps:clone"]) {
      expect(await host.dokku([command])).toEqual(fail("Please specify an app to run the command on"));
      expect(await host.dokku([command, "a"])).toEqual(fail("Please specify an new app name"));
      expect(await host.dokku([command, "ghost"])).toEqual(fail("Please specify an new app name"));
    }
    expect(await host.dokku(["apps:list", "--format", "json"])).toEqual(ok('["a","b"]\n'));
  });

  test.concurrent("clone copies files and properties and keeps the original", async () => {
    await using host = await hostWith("src");
    await writeFile(join(host.dokkuRoot, "src", "VHOST"), "src.example\n");
    expect(await host.dokku(["apps:set", "src", "deploy-source", "git"])).toEqual(ok("=====> Setting deploy-source to git\n"));
    expect(await host.dokku(["apps:clone", "src", "copy"])).toEqual(ok("-----> Cloning src to copy\n-----> Creating copy...\n"));
    expect(await host.dokku(["apps:list", "--format", "json"])).toEqual(ok('["copy","src"]\n'));
    expect(await readFile(join(host.dokkuRoot, "copy", "VHOST"), "utf8")).toBe("src.example\n");
    expect(await host.dokku(["apps:report", "copy", "--app-deploy-source"])).toEqual(ok("git\n"));
  });

  test.concurrent("clone onto an existing app fails, or warns with --ignore-existing", async () => {
    await using host = await hostWith("src", "copy");
    expect(await host.dokku(["apps:clone", "src", "copy"])).toEqual(fail("Name is already taken"));
    expect(await host.dokku(["apps:clone", "--ignore-existing", "src", "copy"])).toEqual({ code: 0, stdout: "", stderr: " !     Name is already taken\n" });
    expect(await host.dokku(["apps:clone", "ghost", "other"])).toEqual(fail("App ghost does not exist", 20));
  });
});

describe("apps:list and apps:exists", () => {
  test.concurrent("list: warning when empty, sorted names, json, --quiet", async () => {
    await using host = await createTestHost();
    expect(await host.dokku(["apps:list"])).toEqual({ code: 0, stdout: "", stderr: " !     You haven't deployed any applications yet\n" });
    expect(await host.dokku(["apps:list", "--format", "json"])).toEqual(ok("[]\n"));
    for (const app of ["web", "api", "worker"]) await host.dokku(["apps:create", app]);
    expect(await host.dokku(["apps:list"])).toEqual(ok("=====> My Apps\napi\nweb\nworker\n"));
    expect(await host.dokku(["apps:list", "--format", "json"])).toEqual(ok('["api","web","worker"]\n'));
    expect(await host.dokku(["apps:list", "--quiet"])).toEqual(ok("api\nweb\nworker\n"));
    expect(await host.dokku(["apps:list", "--format", "yaml"])).toEqual(fail("Invalid --format value specified: yaml"));
  });

  test.concurrent("exists: 0 for an app, 20 otherwise", async () => {
    await using host = await hostWith("web");
    expect((await host.dokku(["apps:exists", "web"])).code).toBe(0);
    expect(await host.dokku(["apps:exists", "ghost"])).toEqual(fail("App ghost does not exist", 20));
    expect(await host.dokku(["apps:exists", "Bad"])).toEqual(fail(INVALID));
  });
});

describe("apps:lock, apps:unlock, apps:locked", () => {
  test.concurrent("a manual lock is reported, blocks destroy, and is removed by unlock", async () => {
    await using host = await hostWith("web");
    expect(await host.dokku(["apps:locked", "web"])).toEqual(fail("Deploy lock does not exist"));
    expect(await host.dokku(["apps:lock", "web"])).toEqual(ok("-----> Deploy lock created\n"));
    expect(await host.dokku(["apps:locked", "web"])).toEqual(ok("-----> Deploy lock exists\n"));
    expect(await host.dokku(["apps:report", "web", "--app-locked"])).toEqual(ok("true\n"));
    expect(await host.dokku(["apps:destroy", "web", "--force"])).toEqual({
      code: 1,
      stdout: "",
      stderr: " !     web currently has a deploy lock in place. Exiting...\n !     Run 'apps:unlock' to release the existing deploy lock\n",
    });
    expect(await host.dokku(["apps:unlock", "web"])).toEqual(ok("-----> Deploy lock removed.\n"));
    expect(await host.dokku(["apps:unlock", "web"])).toEqual(fail("Deploy lock does not exist"));
    expect(await host.dokku(["apps:locked", "web"])).toEqual(fail("Deploy lock does not exist"));
    expect(await host.dokku(["apps:lock", "ghost"])).toEqual(fail("App ghost does not exist", 20));
  });
});

describe("apps:report", () => {
  test.concurrent("text, json and single-flag forms", async () => {
    await using host = await hostWith("web");
    const created = await readFile(join(host.libRoot, "config", "apps", "web", "created-at"), "utf8");
    const dir = join(host.dokkuRoot, "web");
    expect(await host.dokku(["apps:report", "web"])).toEqual(
      ok(
        [
          "=====> web app information",
          // The longest flag (--app-global-disable-autocreation, 33 chars) sets the column, as in Dokku's Go.
          `       App created at:                  ${created}`,
          "       App deploy source:",
          "       App deploy source metadata:",
          `       App dir:                         ${dir}`,
          "       App global disable autocreation:",
          "       App locked:                      false",
          "",
        ].join("\n"),
      ),
    );
    const json = await host.dokku(["apps:report", "web", "--format", "json"]);
    expect(JSON.parse(json.stdout)).toEqual({
      "app-created-at": created, "created-at": created,
      "app-deploy-source": "", "deploy-source": "",
      "app-deploy-source-metadata": "", "deploy-source-metadata": "",
      "app-dir": dir, dir,
      "app-global-disable-autocreation": "", "global-disable-autocreation": "",
      "app-locked": "false", locked: "false",
    });
    expect(await host.dokku(["apps:report", "web", "--app-dir"])).toEqual(ok(`${dir}\n`));
    expect((await host.dokku(["apps:report", "web", "--nope"])).stderr).toStartWith(" !     Invalid flag passed, valid flags: --app-created-at, --app-deploy-source,");
    expect(await host.dokku(["apps:report", "ghost"])).toEqual(fail("App ghost does not exist", 20));
  });

  test.concurrent("without an app it reports every app; --quiet drops the headers", async () => {
    await using host = await hostWith("api", "web");
    const all = await host.dokku(["apps:report"]);
    expect(all.stdout.split("\n").filter((l) => l.startsWith("=====>"))).toEqual(["=====> api app information", "=====> web app information"]);
    const quiet = await host.dokku(["--quiet", "apps:report", "web"]);
    expect(quiet.stdout.split("\n")[0]).toStartWith("       App created at:");
  });
});

describe("apps:set", () => {
  test.concurrent("sets and unsets app properties; global-only and app-only keys are enforced", async () => {
    await using host = await hostWith("web");
    expect(await host.dokku(["apps:set", "web", "deploy-source", "git"])).toEqual(ok("=====> Setting deploy-source to git\n"));
    expect(await readFile(join(host.libRoot, "config", "apps", "web", "deploy-source"), "utf8")).toBe("git");
    expect(await host.dokku(["apps:set", "web", "deploy-source"])).toEqual(ok("=====> Unsetting deploy-source\n"));
    expect(existsSync(join(host.libRoot, "config", "apps", "web", "deploy-source"))).toBe(false);
    expect(await host.dokku(["apps:set", "--global", "disable-autocreation", "true"])).toEqual(ok("=====> Setting disable-autocreation to true\n"));
    expect(await readFile(join(host.libRoot, "config", "apps", "--global", "disable-autocreation"), "utf8")).toBe("true");
    expect(await host.dokku(["apps:report", "web", "--app-global-disable-autocreation"])).toEqual(ok("true\n"));
    expect(await host.dokku(["apps:set", "web", "disable-autocreation", "true"])).toEqual(fail("Property can only be specified globally"));
    expect(await host.dokku(["apps:set", "--global", "deploy-source", "git"])).toEqual(fail("Property cannot be specified globally"));
    expect(await host.dokku(["apps:set", "--global", "disable-autocreation", "maybe"])).toEqual(
      fail("Invalid value for disable-autocreation, must be true or false"),
    );
    expect(await host.dokku(["apps:set", "web", "nope", "x"])).toEqual(
      fail("Invalid property specified, valid properties include: deploy-source, deploy-source-metadata, disable-autocreation"),
    );
    expect(await host.dokku(["apps:set", "web"])).toEqual(fail("No property specified"));
    expect(await host.dokku(["apps:set", "ghost", "deploy-source", "git"])).toEqual(fail("App ghost does not exist", 20));
  });
});

describe("state from Dokku 0.38", () => {
  test.concurrent("app directories and LIB/config/apps/<app>/created-at files are read as they are", async () => {
    await using host = await createTestHost();
    for (const app of ["node-js-app", "old_app", "python"]) {
      await mkdir(join(host.dokkuRoot, app, "refs"), { recursive: true });
      await writeFile(join(host.dokkuRoot, app, "HEAD"), "ref: refs/heads/master\n");
      await mkdir(join(host.libRoot, "config", "apps", app), { recursive: true });
      await writeFile(join(host.libRoot, "config", "apps", app, "created-at"), "1690000000");
    }
    await writeFile(join(host.libRoot, "config", "apps", "python", "deploy-source"), "git");
    for (const dir of [".ssh", ".dokkurc", "Backup"]) await mkdir(join(host.dokkuRoot, dir));
    for (const file of ["VHOST", "ENV", ".sshcommand"]) await writeFile(join(host.dokkuRoot, file), "");
    expect(await host.dokku(["apps:list"])).toEqual(ok("=====> My Apps\nnode-js-app\nold_app\npython\n"));
    expect(await host.dokku(["apps:report", "old_app", "--app-created-at"])).toEqual(ok("1690000000\n"));
    const json = JSON.parse((await host.dokku(["apps:report", "python", "--format", "json"])).stdout) as Record<string, string>;
    expect(json).toMatchObject({ "created-at": "1690000000", "deploy-source": "git", locked: "false" });
    expect((await host.dokku(["apps:destroy", "old_app", "--force"])).code).toBe(0);
    expect(await host.dokku(["apps:list", "--format", "json"])).toEqual(ok('["node-js-app","python"]\n'));
  });
});
