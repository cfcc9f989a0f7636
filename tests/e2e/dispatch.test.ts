// Entry-point behaviour of the compiled binary: help, version, unknown commands, global flags,
// SSH_ORIGINAL_COMMAND splitting and the sourced environment files (reference section 1).
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync } from "node:fs";
import { chmod, mkdir, readdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createTestHost } from "../_harness/host.ts";

setDefaultTimeout(60_000); // each test runs the binary several times; bunfig has no default-timeout key

const ok = (stdout: string) => ({ code: 0, stdout, stderr: "" });
const TTY = { env: { DOKKU_FORCE_TTY: "true" } }; // the help header is only printed to a terminal
const fail = (message: string, code = 1) => ({ code, stdout: "", stderr: ` !     ${message}\n` });
const HELP_HEADER = [
  "Usage: dokku [--quiet|--trace|--force] COMMAND <app> [command-specific-options]",
  "",
  'Primary help options, type "dokku COMMAND:help" for more details, or dokku help --all to see all commands.',
  "",
  "Commands:",
  "",
].join("\n");

describe("help", () => {
  test.concurrent("`help`, no command and `--help` print the plugin summary", async () => {
    await using host = await createTestHost();
    const help = await host.dokku(["help"], TTY);
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toStartWith(`${HELP_HEADER}\n`);
    expect(help.stdout).toMatch(/^ {4}apps +Manage apps$/m);
    expect(help.stdout).not.toMatch(/apps:create/);
    expect(await host.dokku([], TTY)).toEqual(help);
    expect(await host.dokku(["--help"], TTY)).toEqual(help);
  });

  test.concurrent("`help --all` lists every command with its usage", async () => {
    await using host = await createTestHost();
    const all = await host.dokku(["help", "--all"], TTY);
    expect(all).toMatchObject({ code: 0, stderr: "" });
    expect(all.stdout).toStartWith(HELP_HEADER);
    expect(all.stdout).toMatch(/^ {4}apps:create <app> +Create a new app$/m);
    expect(all.stdout).toMatch(/^ {4}apps:destroy <app> \[--force\] +Permanently destroy an app$/m);
    expect(all.stdout).not.toMatch(/^ {4}apps +Manage apps$/m);
  });

  test.concurrent("`apps:help` and bare `apps` print the plugin's commands; `CMD --help` prints one command", async () => {
    await using host = await createTestHost();
    const help = await host.dokku(["apps:help"]);
    expect(help.stdout).toStartWith("Usage: dokku apps[:COMMAND]\n\nManage apps\n\nAdditional commands:\n");
    expect(help.stdout).toMatch(/^ {4}apps:list \[--format stdout\|json\] +List your apps$/m);
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(await host.dokku(["apps"])).toEqual(help);
    expect(await host.dokku(["apps:create", "--help"])).toEqual(ok("Usage: dokku apps:create <app>\n\nCreate a new app\n\nArguments:\n  <app>  App name\n"));
    expect(await readdir(host.dokkuRoot)).toEqual([]);
  });
});

describe("version", () => {
  test.concurrent("`version`, `--version` and `-v` print Dokku's version line", async () => {
    await using host = await createTestHost();
    const version = await host.dokku(["version"]);
    expect(version).toMatchObject({ code: 0, stderr: "" });
    expect(version.stdout).toMatch(/^dokku version \d+\.\d+\.\d+\n$/);
    expect(await host.dokku(["--version"])).toEqual(version);
    expect(await host.dokku(["-v"])).toEqual(version);
  });

  test.concurrent("LIB/STABLE_VERSION, then LIB/VERSION, override the built-in version", async () => {
    await using host = await createTestHost();
    await writeFile(join(host.libRoot, "VERSION"), "v0.99.1\n");
    expect(await host.dokku(["version"])).toEqual(ok("dokku version 0.99.1\n"));
    await writeFile(join(host.libRoot, "STABLE_VERSION"), "0.99.2");
    expect(await host.dokku(["version"])).toEqual(ok("dokku version 0.99.2\n"));
  });
});

describe("unknown commands", () => {
  test.concurrent("print Dokku's two-line message and exit 1", async () => {
    await using host = await createTestHost();
    for (const argv of [["nope"], ["nope", "a", "b"], ["apps:nope", "web"], ["--quiet", "nope"]]) {
      const shown = argv.filter((a) => a !== "--quiet").join(" ");
      expect(await host.dokku(argv)).toEqual({
        code: 1,
        stdout: "",
        stderr: ` !     \`${shown}\` is not a dokku command.\n !     See \`dokku help\` for a list of available commands.\n`,
      });
    }
  });
});

describe("global flags", () => {
  test.concurrent("--quiet anywhere in argv (or DOKKU_QUIET_OUTPUT=1) silences headers, not data", async () => {
    await using host = await createTestHost();
    expect(await host.dokku(["apps:create", "web", "--quiet"])).toEqual(ok(""));
    expect(await host.dokku(["--quiet", "apps:create", "api"])).toEqual(ok(""));
    expect(await host.dokku(["apps:list", "--quiet"])).toEqual(ok("api\nweb\n"));
    expect(await host.dokku(["--quiet", "apps:list"])).toEqual(ok("api\nweb\n"));
    expect(await host.dokku(["apps:list"], { env: { DOKKU_QUIET_OUTPUT: "1" } })).toEqual(ok("api\nweb\n"));
    expect(await host.dokku(["apps:exists", "--quiet", "ghost"])).toEqual(fail("App ghost does not exist", 20));
  });

  test.concurrent("--app NAME and --app=NAME supply the app to core commands", async () => {
    await using host = await createTestHost();
    await host.dokku(["apps:create", "web"]);
    expect(await host.dokku(["--app", "web", "apps:report", "--app-dir"])).toEqual(ok(`${join(host.dokkuRoot, "web")}\n`));
    expect(await host.dokku(["apps:report", "--app=web", "--app-locked"])).toEqual(ok("false\n"));
    expect((await host.dokku(["apps:exists", "--app", "web"])).code).toBe(0);
    expect(await host.dokku(["--app", "ghost", "apps:report"])).toEqual(fail("App ghost does not exist", 20));
  });

  test.concurrent("--trace adds trace lines on stderr", async () => {
    await using host = await createTestHost();
    const r = await host.dokku(["--trace", "apps:exists", "ghost"]);
    expect(r.code).toBe(20);
    expect(r.stderr).toStartWith(" !     App ghost does not exist\n");
    expect(r.stderr).toMatch(/^ \? {5}\S/m);
  });
});

describe("SSH_ORIGINAL_COMMAND", () => {
  test.concurrent("is split with xargs quoting and run as argv", async () => {
    await using host = await createTestHost();
    expect(await host.dokku([], { env: { SSH_ORIGINAL_COMMAND: "apps:create 'web'" } })).toEqual(ok("-----> Creating web...\n"));
    expect(await host.dokku([], { env: { SSH_ORIGINAL_COMMAND: '--quiet apps:list --format "json"' } })).toEqual(ok('["web"]\n'));
    // the forced command's own argv is ignored when SSH_ORIGINAL_COMMAND is present
    expect(await host.dokku(["apps:destroy", "web", "--force"], { env: { SSH_ORIGINAL_COMMAND: "apps:list --quiet" } })).toEqual(ok("web\n"));
    expect(await host.dokku([], { env: { SSH_ORIGINAL_COMMAND: "apps:create 'api" } })).toEqual(fail("Unmatched single quote in command"));
  });

  test.concurrent("shell syntax is never interpreted and no shell is started", async () => {
    await using host = await createTestHost();
    const marker = join(host.root, "pwned");
    // Any `sh`/`bash` found through PATH would leave a trace here.
    const fakeBin = join(host.root, "fake-bin");
    await mkdir(fakeBin);
    for (const shell of ["sh", "bash", "dash"]) {
      await writeFile(join(fakeBin, shell), `#!/bin/sh\necho ${shell} >> ${join(host.root, "shell-used")}\n`);
      await chmod(join(fakeBin, shell), 0o755);
    }
    const env = { PATH: `${fakeBin}:${host.env.PATH}` };
    const INVALID = " !     App name must begin with lowercase alphanumeric character, and may only contain lowercase alphanumerics, dots, and hyphens\n";
    const cases: [string, number, string][] = [
      [`apps:create 'x'; touch ${marker}`, 1, INVALID], // the name is the literal word `x;`
      [`apps:create x && touch ${marker}`, 0, ""], // `&&`, `touch`, ... are extra argv words
      [`apps:create $(touch ${marker})`, 1, INVALID],
      [`apps:create \`touch ${marker}\``, 1, INVALID],
      [`apps:create x | touch ${marker}`, 1, " !     Name is already taken\n"],
    ];
    for (const [command, code, stderr] of cases) {
      const r = await host.dokku([], { env: { ...env, SSH_ORIGINAL_COMMAND: command } });
      expect({ command, code: r.code, stderr: r.stderr }).toEqual({ command, code, stderr });
    }
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(join(host.root, "shell-used"))).toBe(false);
    expect(await readdir(host.dokkuRoot)).toEqual(["x"]);
  });

  test.concurrent("git-* and git:* commands keep their quotes (the git plugin strips them)", async () => {
    await using host = await createTestHost();
    // Commands no plugin implements, so the unknown-command message shows the argv as received.
    for (const command of ["git-bogus 'web'", "git:bogus  'web' \"x\""]) {
      const shown = command.split(/\s+/).join(" ");
      expect(await host.dokku([], { env: { SSH_ORIGINAL_COMMAND: command } })).toEqual({
        code: 1,
        stdout: "",
        stderr: ` !     \`${shown}\` is not a dokku command.\n !     See \`dokku help\` for a list of available commands.\n`,
      });
    }
  });
});

describe("sourced environment files", () => {
  test.concurrent("/etc/default/dokku (DOKKU_DEFAULTS_FILE), dokkurc and .dokkurc/* apply in that order", async () => {
    await using host = await createTestHost();
    // Each file points DOKKU_LIB_ROOT at a lib whose VERSION names it; `version` shows the winner.
    for (const name of ["defaults", "dokkurc", "dotdir"]) {
      await mkdir(join(host.root, `lib-${name}`));
      await writeFile(join(host.root, `lib-${name}`, "VERSION"), `1.0.0-${name}`);
    }
    const lib = (name: string) => `export DOKKU_LIB_ROOT="${join(host.root, `lib-${name}`)}" # from ${name}\n`;
    await writeFile(host.env.DOKKU_DEFAULTS_FILE!, lib("defaults"));
    expect(await host.dokku(["version"])).toEqual(ok("dokku version 1.0.0-defaults\n"));
    await writeFile(join(host.dokkuRoot, "dokkurc"), lib("dokkurc"));
    expect(await host.dokku(["version"])).toEqual(ok("dokku version 1.0.0-dokkurc\n"));
    await mkdir(join(host.dokkuRoot, ".dokkurc"));
    await writeFile(join(host.dokkuRoot, ".dokkurc", "lib"), lib("dotdir"));
    expect(await host.dokku(["version"])).toEqual(ok("dokku version 1.0.0-dotdir\n"));
  });

  test.concurrent("/etc/default/dokku can move DOKKU_ROOT; .dokkurc/DOKKU_TRACE turns tracing on", async () => {
    await using host = await createTestHost();
    const moved = join(host.root, "moved-home");
    await mkdir(join(moved, ".dokkurc"), { recursive: true });
    await writeFile(host.env.DOKKU_DEFAULTS_FILE!, `DOKKU_ROOT=${moved}\n`);
    expect(await host.dokku(["apps:create", "web"])).toEqual(ok("-----> Creating web...\n"));
    expect(existsSync(join(moved, "web"))).toBe(true);
    expect(await readdir(host.dokkuRoot)).toEqual([]);
    await writeFile(join(moved, ".dokkurc", "DOKKU_TRACE"), "export DOKKU_TRACE=1\n");
    expect((await host.dokku(["apps:exists", "ghost"])).stderr).toMatch(/^ \? {5}\S/m);
  });
});

describe("help and argv details from review", () => {
  test("an empty command shows help; --quiet help drops the header lines", async () => {
    await using host = await createTestHost();
    expect((await host.dokku([""], TTY)).stdout).toStartWith("Usage: dokku");
    const quiet = await host.dokku(["--quiet", "help"], TTY);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).not.toContain("Usage:");
    expect(quiet.stdout.split("\n")[0]).toMatch(/^ {4}app-json +Manage app.json settings for an app$/);
    expect(quiet.stdout).toMatch(/^ {4}apps +Manage apps$/m);
  });

  test("a plugin without commands has no X:help; plugin:trigger passes --quiet and --force on", async () => {
    await using host = await createTestHost();
    expect((await host.dokku(["builder-null:help"])).code).toBe(1);
    const dir = join(host.libRoot, "plugins", "available", "tp");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "plugin.toml"), '[plugin]\ndescription = "t"\nversion = "1"\n');
    await writeFile(join(dir, "my-trig"), '#!/bin/sh\necho "args: $*"\n', { mode: 0o755 });
    await mkdir(join(host.libRoot, "plugins", "enabled"), { recursive: true });
    await symlink(dir, join(host.libRoot, "plugins", "enabled", "tp"));
    expect((await host.dokku(["plugin:trigger", "my-trig", "--quiet", "--force", "x"])).stdout).toBe("args: --quiet --force x\n");
  });
});
