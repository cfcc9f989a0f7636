import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadEnv } from "../../../src/core/env.ts";
import { tmpRoot } from "./_context.ts";

async function host(root: string, files: Record<string, string> = {}) {
  const home = join(root, "home");
  await mkdir(join(home, ".dokkurc"), { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(root, name), text);
  return {
    PATH: "/usr/bin:/bin",
    DOKKU_ROOT: home,
    DOKKU_LIB_ROOT: join(root, "lib"),
    DOKKU_DEFAULTS_FILE: join(root, "etc-default-dokku"),
  };
}

describe("loadEnv", () => {
  test("applies /etc/default/dokku, then dokkurc, then .dokkurc/* in name order", async () => {
    await using root = await tmpRoot();
    const raw = await host(root.path, {
      "etc-default-dokku": "A=default\nB=default\nC=default\nD=default\n",
      "home/dokkurc": "export B=dokkurc\nC=dokkurc\nD=dokkurc\n",
      "home/.dokkurc/20-second": "D=second\n",
      "home/.dokkurc/10-first": "export C=first\nD=first\n",
    });
    const env = loadEnv(raw, 1234);
    expect([env.vars.A, env.vars.B, env.vars.C, env.vars.D]).toEqual(["default", "dokkurc", "first", "second"]);
  });

  test("sourced files override the process environment, and defaults fill only what is unset", async () => {
    await using root = await tmpRoot();
    const raw = await host(root.path, { "home/dokkurc": "DOKKU_IMAGE=custom/herokuish:1\n" });
    const env = loadEnv({ ...raw, DOKKU_IMAGE: "from-env", DOKKU_LOGS_DIR: join(root.path, "logs") }, 99);
    expect(env.image).toBe("custom/herokuish:1");
    expect(env.logsDir).toBe(join(root.path, "logs"));
    expect(env.vars).toMatchObject({
      DOKKU_PID: "99",
      DOKKU_HOST_ROOT: raw.DOKKU_ROOT,
      PLUGIN_PATH: join(root.path, "lib", "plugins"),
      PLUGIN_ENABLED_PATH: join(root.path, "lib", "plugins", "enabled"),
      PLUGIN_CORE_AVAILABLE_PATH: join(root.path, "lib", "core-plugins", "available"),
      DOKKU_EVENTS_LOGFILE: join(root.path, "logs", "events.log"),
      DOKKU_NOT_IMPLEMENTED_EXIT: "10",
    });
  });

  test("DOKKU_PID from a parent dokku is kept; DOKKU_LIB_PATH selects the lib root", async () => {
    await using root = await tmpRoot();
    const raw = await host(root.path);
    const { DOKKU_LIB_ROOT: _drop, ...rest } = raw;
    const env = loadEnv({ ...rest, DOKKU_PID: "42", DOKKU_LIB_PATH: join(root.path, "other-lib") }, 7);
    expect(env.vars.DOKKU_PID).toBe("42");
    expect(env.libRoot).toBe(join(root.path, "other-lib"));
  });

  test("/etc/default/dokku may move DOKKU_ROOT, and dokkurc is then read from there", async () => {
    await using root = await tmpRoot();
    const moved = join(root.path, "moved");
    await mkdir(moved);
    await writeFile(join(moved, "dokkurc"), "FROM_MOVED=1\n");
    const raw = await host(root.path, { "etc-default-dokku": `DOKKU_ROOT=${moved}\n` });
    const env = loadEnv(raw, 1);
    expect(env.dokkuRoot).toBe(moved);
    expect(env.vars.FROM_MOVED).toBe("1");
  });

  test("missing files are fine; an unreadable dokkurc fails with Dokku's message", async () => {
    await using root = await tmpRoot();
    const raw = await host(root.path);
    expect(() => loadEnv(raw, 1)).not.toThrow();
    await symlink("dokkurc", join(raw.DOKKU_ROOT, "dokkurc")); // a symlink loop: ELOOP on read
    expect(() => loadEnv(raw, 1)).toThrow(`Unable to read ${join(raw.DOKKU_ROOT, "dokkurc")} for sourcing`);
  });

  test("sourcing runs nothing", async () => {
    await using root = await tmpRoot();
    const marker = join(root.path, "pwned");
    const raw = await host(root.path, {
      "etc-default-dokku": `touch ${marker}\nX="$(touch ${marker})"\n`,
      "home/dokkurc": `Y=\`touch ${marker}\`\n`,
    });
    const env = loadEnv(raw, 1);
    expect(env.vars.X).toBe(`$(touch ${marker})`);
    expect(existsSync(marker)).toBe(false);
  });
});
