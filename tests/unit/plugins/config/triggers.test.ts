import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DokkuError } from "../../../../src/core/errors.ts";
import { createTestCtx } from "../../core/_context.ts";

async function setup(...apps: string[]) {
  const t = await createTestCtx();
  for (const app of apps) await mkdir(join(t.root, "home", app), { recursive: true });
  const q = (name: string, ...args: string[]) => t.ctx.triggers.fire(name, args);
  return Object.assign(t, { q, lib: join(t.root, "lib") });
}

describe("config triggers", () => {
  test("config-get / config-get --global / config-get-global print the raw value", async () => {
    await using t = await setup("web");
    await t.q("config-set", "--no-restart", "web", "A=x=y\n", "B=");
    await t.q("config-set", "--global", "G=global value");
    expect(await t.q("config-get", "web", "A")).toBe("x=y\n");
    expect(await t.q("config-get", "web", "B")).toBe("");
    expect(await t.q("config-get", "--global", "G")).toBe("global value");
    expect(await t.q("config-get-global", "G")).toBe("global value");
  });

  test("config-get of an unset key prints nothing and succeeds, as Dokku's Go trigger does", async () => {
    await using t = await setup("web");
    expect(await t.q("config-get", "web", "NOPE")).toBe("");
    expect(await t.q("config-get", "--global", "NOPE")).toBe("");
    expect(await t.q("config-get-global", "NOPE")).toBe("");
    expect(((await t.q("config-get", "missing", "A").catch((e: unknown) => e)) as DokkuError).exitCode).toBe(20);
  });

  test("config-set --encoded decodes base64; config-unset removes keys", async () => {
    await using t = await setup("web");
    await t.q("config-set", "--encoded", "--no-restart", "web", `M=${Buffer.from("multi\nline").toString("base64")}`, "N=");
    expect(await t.q("config-get", "web", "M")).toBe("multi\nline");
    await t.q("config-unset", "web", "M", "N");
    expect(await t.q("config-export", "web", "false", "false", "json")).toBe("{}\n");
  });

  test("config-export APP GLOBAL MERGED FORMAT", async () => {
    await using t = await setup("web");
    await t.q("config-set", "--no-restart", "web", "A=app", "X=app");
    await t.q("config-set", "--global", "X=global", "G=g");
    expect(await t.q("config-export", "web", "false", "false", "envfile")).toBe('A="app"\nX="app"\n');
    expect(await t.q("config-export", "web", "false", "true", "json")).toBe('{"A":"app","G":"g","X":"app"}\n');
    expect(await t.q("config-export", "", "true", "false", "shell")).toBe("G='g' X='global' ");
    expect(await t.q("config-export", "web", "false", "false", "")).toBe("export A='app'\nexport X='app'\n");
    await expect(t.q("config-export", "web", "false", "false", "yaml")).rejects.toThrow("Unknown export format: yaml");
    await expect(t.q("config-export", "web", "maybe", "false", "json")).rejects.toThrow("Invalid GLOBAL value");
  });

  test("post-app-clone-setup copies, post-app-rename-setup moves, post-delete removes only ENV", async () => {
    await using t = await setup("old", "copy", "renamed");
    await t.q("config-set", "--no-restart", "old", "A=1");
    await t.q("post-app-clone-setup", "old", "copy");
    expect(await t.q("config-get", "copy", "A")).toBe("1");
    expect(await readFile(join(t.lib, "config", "config", "copy", "env-migrated"), "utf8")).toBe("true");

    await t.q("post-app-rename-setup", "old", "renamed");
    expect(await t.q("config-get", "renamed", "A")).toBe("1");
    expect(existsSync(join(t.lib, "config", "old", "ENV"))).toBe(false);
    expect(existsSync(join(t.lib, "config", "config", "old"))).toBe(false);

    // An app named like a plugin shares LIB/config/<name>: post-delete must leave the plugin's files.
    await writeFile(join(t.lib, "config", "copy", "belongs-to-a-plugin"), "x");
    await t.q("post-delete", "copy", "latest");
    expect(existsSync(join(t.lib, "config", "copy", "ENV"))).toBe(false);
    expect(existsSync(join(t.lib, "config", "copy", "belongs-to-a-plugin"))).toBe(true);
    expect(existsSync(join(t.lib, "config", "config", "copy"))).toBe(false);
  });

  test("config-migrate-env drains every legacy file", async () => {
    await using t = await setup("a", "b");
    await writeFile(join(t.root, "home", "ENV"), "export G=1\n");
    await writeFile(join(t.root, "home", "a", "ENV"), "export A=1\n");
    await t.q("config-migrate-env");
    expect(existsSync(join(t.root, "home", "ENV"))).toBe(false);
    expect(existsSync(join(t.root, "home", "a", "ENV"))).toBe(false);
    expect(await readFile(join(t.lib, "config", "a", "ENV"), "utf8")).toBe('A="1"\n');
    expect(await readFile(join(t.lib, "config", "--global", "ENV"), "utf8")).toBe('G="1"\n');
    expect(await readFile(join(t.lib, "config", "config", "b", "env-migrated"), "utf8")).toBe("true");
  });
});
