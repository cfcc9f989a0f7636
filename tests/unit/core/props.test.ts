import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { readFile, readdir, stat, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { GLOBAL, PropertyStore } from "../../../src/core/props.ts";
import { UserError } from "../../../src/core/errors.ts";
import { pathsUnder, tmpRoot } from "./_context.ts";

async function store(root: string): Promise<PropertyStore> {
  return new PropertyStore(pathsUnder(root));
}

describe("PropertyStore scalars", () => {
  test("set writes the raw value at LIB/config/<plugin>/<scope>/<key> with mode 0600 and no added newline", async () => {
    await using root = await tmpRoot();
    const props = await store(root.path);
    await props.set("apps", "web", "deploy-source", "git");
    const file = join(root.path, "lib", "config", "apps", "web", "deploy-source");
    expect(await readFile(file, "utf8")).toBe("git");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await props.get("apps", "web", "deploy-source")).toBe("git");
  });

  test("an empty file is distinct from an absent one", async () => {
    await using root = await tmpRoot();
    const props = await store(root.path);
    expect(await props.get("git", "web", "rev-env-var")).toBeUndefined();
    expect(await props.exists("git", "web", "rev-env-var")).toBe(false);
    expect(await props.getOr("git", "web", "rev-env-var", "GIT_REV")).toBe("GIT_REV");
    await props.set("git", "web", "rev-env-var", "");
    expect(await props.exists("git", "web", "rev-env-var")).toBe(true);
    expect(await props.getOr("git", "web", "rev-env-var", "GIT_REV")).toBe("");
    await props.del("git", "web", "rev-env-var");
    expect(await props.exists("git", "web", "rev-env-var")).toBe(false);
  });

  test("computed falls back from app to --global to the default, skipping empty values", async () => {
    await using root = await tmpRoot();
    const props = await store(root.path);
    expect(await props.computed("checks", "web", "wait-to-retire", "60")).toBe("60");
    await props.set("checks", GLOBAL, "wait-to-retire", "90");
    expect(await props.computed("checks", "web", "wait-to-retire", "60")).toBe("90");
    await props.set("checks", "web", "wait-to-retire", "");
    expect(await props.computed("checks", "web", "wait-to-retire", "60")).toBe("90");
    await props.set("checks", "web", "wait-to-retire", "5");
    expect(await props.computed("checks", "web", "wait-to-retire", "60")).toBe("5");
  });

  test("getAll returns every property of a scope and skips dotfiles", async () => {
    await using root = await tmpRoot();
    const props = await store(root.path);
    await props.set("ps", "web", "restart-policy", "on-failure:10");
    await props.set("ps", "web", "procfile-path", "Procfile");
    await writeFile(join(root.path, "lib", "config", "ps", "web", ".hidden"), "x");
    expect(await props.getAll("ps", "web")).toEqual({ "procfile-path": "Procfile", "restart-policy": "on-failure:10" });
    expect(await props.getAll("ps", "missing")).toEqual({});
  });
});

describe("PropertyStore typed reads", () => {
  test("getBool reads true/false (trailing newline tolerated) and unset as undefined", async () => {
    await using root = await tmpRoot();
    const props = await store(root.path);
    expect(await props.getBool("apps", GLOBAL, "disable-autocreation")).toBeUndefined();
    await props.set("apps", GLOBAL, "disable-autocreation", "true\n");
    expect(await props.getBool("apps", GLOBAL, "disable-autocreation")).toBe(true);
    await props.set("apps", GLOBAL, "disable-autocreation", "false");
    expect(await props.getBool("apps", GLOBAL, "disable-autocreation")).toBe(false);
    await props.set("apps", GLOBAL, "disable-autocreation", "");
    expect(await props.getBool("apps", GLOBAL, "disable-autocreation")).toBeUndefined();
  });

  test("getBool on a corrupt value fails with a message naming the property and the value", async () => {
    await using root = await tmpRoot();
    const props = await store(root.path);
    await props.set("apps", GLOBAL, "disable-autocreation", "yes");
    await expect(props.getBool("apps", GLOBAL, "disable-autocreation")).rejects.toThrow(
      'Cannot read property "apps.disable-autocreation" globally: expected true or false, received "yes"',
    );
  });

  test("getInt parses integers and refuses anything else", async () => {
    await using root = await tmpRoot();
    const props = await store(root.path);
    await props.set("checks", "web", "wait", " 42\n");
    expect(await props.getInt("checks", "web", "wait")).toBe(42);
    await props.set("checks", "web", "wait", "-3");
    expect(await props.getInt("checks", "web", "wait")).toBe(-3);
    for (const bad of ["4x", "1.5", "1e3", "0x10", "ten"]) {
      await props.set("checks", "web", "wait", bad);
      const error = await props.getInt("checks", "web", "wait").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as Error).message).toBe(
        `Cannot read property "checks.wait" for app "web": expected an integer, received ${JSON.stringify(bad)}`,
      );
    }
  });
});

describe("PropertyStore lists", () => {
  test("lwrite/lrange store one value per line, each newline-terminated", async () => {
    await using root = await tmpRoot();
    const props = await store(root.path);
    expect(await props.lrange("domains", "web", "vhosts")).toEqual([]);
    await props.lwrite("domains", "web", "vhosts", ["a.example", "b.example"]);
    expect(await readFile(join(root.path, "lib", "config", "domains", "web", "vhosts"), "utf8")).toBe("a.example\nb.example\n");
    expect(await props.lrange("domains", "web", "vhosts")).toEqual(["a.example", "b.example"]);
  });

  test("rpush inserts before a 1-based index and appends for 0 or out of range", async () => {
    await using root = await tmpRoot();
    const props = await store(root.path);
    await props.rpush("ports", "web", "map", "b");
    await props.rpush("ports", "web", "map", "a", 1);
    await props.rpush("ports", "web", "map", "d", 0);
    await props.rpush("ports", "web", "map", "c", 3);
    await props.rpush("ports", "web", "map", "e", 99);
    expect(await props.lrange("ports", "web", "map")).toEqual(["a", "b", "c", "d", "e"]);
  });

  test("lrem removes every equal entry and errors when there is none", async () => {
    await using root = await tmpRoot();
    const props = await store(root.path);
    await props.lwrite("ports", "web", "map", ["x", "y", "x"]);
    await props.lrem("ports", "web", "map", "x");
    expect(await props.lrange("ports", "web", "map")).toEqual(["y"]);
    await expect(props.lrem("ports", "web", "map", "zzz")).rejects.toThrow("Property not found, nothing was removed");
  });
});

describe("PropertyStore writes", () => {
  test("atomic writes leave no temp files behind, even when racing on one key", async () => {
    await using root = await tmpRoot();
    const props = await store(root.path);
    const values = Array.from({ length: 40 }, (_, i) => `value-${i}-${"x".repeat(i * 100)}`);
    await Promise.all(values.map((value) => props.set("race", "web", "key", value)));
    expect(await readdir(join(root.path, "lib", "config", "race", "web"))).toEqual(["key"]);
    expect(values).toContain((await props.get("race", "web", "key"))!);
  });

  test("a write that fails at the rename step leaves no temp file and the old state intact", async () => {
    await using root = await tmpRoot();
    const props = await store(root.path);
    const dir = join(root.path, "lib", "config", "apps", "web");
    await mkdir(join(dir, "blocked"), { recursive: true }); // a directory where the value file should go
    await writeFile(join(dir, "blocked", "inside"), "kept");
    await expect(props.set("apps", "web", "blocked", "new")).rejects.toThrow();
    expect(await readdir(dir)).toEqual(["blocked"]);
    expect(await readFile(join(dir, "blocked", "inside"), "utf8")).toBe("kept");
  });

  test("keys and scopes that would leave their directory are refused and nothing is written", async () => {
    await using root = await tmpRoot();
    const props = await store(root.path);
    for (const key of ["../escape", "a/b", "..", ".", "", "nul\0byte"]) {
      await expect(props.set("apps", "web", key, "x")).rejects.toThrow(`Invalid property name "${key}"`);
    }
    for (const scope of ["../web", "a/b", ".."]) {
      await expect(props.set("apps", scope, "key", "x")).rejects.toThrow(`Invalid scope name "${scope}"`);
      await expect(props.get("apps", scope, "key")).rejects.toThrow(UserError);
    }
    expect(existsSync(join(root.path, "lib", "config", "escape"))).toBe(false);
    expect(existsSync(join(root.path, "lib", "config", "apps", "escape"))).toBe(false);
    expect(existsSync(join(root.path, "lib", "config", "key"))).toBe(false);
  });

  test("clone copies every property to the new scope and destroy removes the scope", async () => {
    await using root = await tmpRoot();
    const props = await store(root.path);
    await props.set("apps", "old", "deploy-source", "git");
    await props.lwrite("apps", "old", "list", ["1", "2"]);
    await props.clone("apps", "old", "new");
    expect(await props.getAll("apps", "new")).toEqual({ "deploy-source": "git", list: "1\n2\n" });
    await props.clone("apps", "absent", "other");
    expect(existsSync(join(root.path, "lib", "config", "apps", "other"))).toBe(false);
    await props.destroy("apps", "old");
    expect(existsSync(join(root.path, "lib", "config", "apps", "old"))).toBe(false);
    expect(await props.get("apps", "new", "deploy-source")).toBe("git");
  });

  test("a property directory made by Dokku (plain files) is read as is", async () => {
    await using root = await tmpRoot();
    const dir = join(root.path, "lib", "config", "nginx", "web");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "bind-address-ipv4"), "0.0.0.0");
    const props = await store(root.path);
    expect(await props.get("nginx", "web", "bind-address-ipv4")).toBe("0.0.0.0");
  });
});
