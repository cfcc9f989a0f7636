import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { EnvStore } from "../../../../plugins/config/env-store.ts";
import { UserError } from "../../../../src/core/errors.ts";
import { GLOBAL } from "../../../../src/core/props.ts";
import { createTestCtx } from "../../core/_context.ts";

/** A context with app `web` created (DOKKU_ROOT/web) and the store over it. */
async function setup() {
  const t = await createTestCtx();
  await mkdir(join(t.root, "home", "web"), { recursive: true });
  const lib = join(t.root, "lib");
  return Object.assign(t, { store: new EnvStore(t.ctx), lib, envFile: (scope: string) => join(lib, "config", scope, "ENV") });
}

describe("EnvStore read/update", () => {
  test("a scope without an ENV file is empty, and the migration marker is recorded", async () => {
    await using t = await setup();
    expect([...(await t.store.read("web"))]).toEqual([]);
    expect(await readFile(join(t.lib, "config", "config", "web", "env-migrated"), "utf8")).toBe("true");
    expect(existsSync(t.envFile("web"))).toBe(false);
  });

  test("update writes sorted, quoted lines with mode 0600 and reads back", async () => {
    await using t = await setup();
    await t.store.update("web", (env) => env.set("B", "two words").set("A", "007").set("C", 'q"$x`!\\\n'));
    const file = t.envFile("web");
    expect(await readFile(file, "utf8")).toBe('A="007"\nB="two words"\nC="q\\"\\$x\\`\\!\\\\\\n"\n');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(Object.fromEntries(await t.store.read("web"))).toEqual({ A: "007", B: "two words", C: 'q"$x`!\\\n' });
    expect(existsSync(join(t.lib, "config", "web", ".ENV.lock"))).toBe(false);
  });

  test("update returning undefined leaves the file alone", async () => {
    await using t = await setup();
    const { after } = await t.store.update("web", () => undefined);
    expect(after).toBeUndefined();
    expect(existsSync(t.envFile("web"))).toBe(false);
  });

  test("a file written by Dokku 0.38 reads correctly (bare integers, escapes, export prefix)", async () => {
    await using t = await setup();
    await mkdir(join(t.lib, "config", "web"), { recursive: true });
    const dokkuText = 'A=7\nB="line1\\nline2"\nC="\\$HOME \\`id\\` \\!bang \\"q\\" \\\\back"\nexport D=\'lit $x\'\nE=""\n';
    await writeFile(t.envFile("web"), dokkuText, { mode: 0o600 });
    expect(Object.fromEntries(await t.store.read("web"))).toEqual({
      A: "7",
      B: "line1\nline2",
      C: '$HOME `id` !bang "q" \\back',
      D: "lit $x",
      E: "",
    });
    expect(await readFile(t.envFile("web"), "utf8")).toBe(dokkuText); // reading never rewrites a valid file
  });

  test("invalid keys on disk are dropped with Dokku's message and the file is rewritten", async () => {
    await using t = await setup();
    await mkdir(join(t.lib, "config", "web"), { recursive: true });
    await writeFile(t.envFile("web"), "export --invalid-key=x\nvalid_key=value\n");
    expect(Object.fromEntries(await t.store.read("web"))).toEqual({ valid_key: "value" });
    // On stderr: stdout may be data (`config:export --format json`).
    expect(t.stderr()).toContain("-----> Deleting invalid key --invalid-key from config for web\n");
    expect(t.stdout()).toBe("");
    expect(await readFile(t.envFile("web"), "utf8")).toBe('valid_key="value"\n');
  });

  test("an unparseable file is an error naming the file, never an empty environment", async () => {
    await using t = await setup();
    await mkdir(join(t.lib, "config", "web"), { recursive: true });
    await writeFile(t.envFile("web"), "A=1\nnot an assignment\n");
    const error = await t.store.read("web").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toContain(t.envFile("web"));
  });

  test("merged overlays the app on the global scope", async () => {
    await using t = await setup();
    await t.store.update(GLOBAL, (env) => env.set("G", "global").set("X", "global"));
    await t.store.update("web", (env) => env.set("X", "app"));
    expect(Object.fromEntries(await t.store.merged("web"))).toEqual({ G: "global", X: "app" });
    expect(await readFile(t.envFile("--global"), "utf8")).toBe('G="global"\nX="global"\n');
  });

  test("concurrent updates of one scope are serialised: none is lost", async () => {
    await using t = await setup();
    const keys = Array.from({ length: 20 }, (_, i) => `K${i}`);
    await Promise.all(keys.map((key) => t.store.update("web", (env) => env.set(key, key))));
    expect([...(await t.store.read("web")).keys()].sort()).toEqual([...keys].sort());
  });

  test("remove deletes the ENV file and lock but not a directory another plugin shares", async () => {
    await using t = await setup();
    await t.store.update("web", (env) => env.set("A", "1"));
    await writeFile(join(t.lib, "config", "web", "other-plugin-file"), "x");
    await t.store.remove("web");
    expect(existsSync(t.envFile("web"))).toBe(false);
    expect(existsSync(join(t.lib, "config", "web", "other-plugin-file"))).toBe(true);
    await mkdir(join(t.root, "home", "solo"));
    await t.store.update("solo", (env) => env.set("A", "1"));
    await t.store.remove("solo");
    expect(existsSync(join(t.lib, "config", "solo"))).toBe(false);
  });
});

describe("EnvStore legacy migration (pre-0.38 ENV files)", () => {
  test("DOKKU_ROOT/APP/ENV is merged over the new file on first read, marked, and deleted", async () => {
    await using t = await setup();
    await mkdir(join(t.lib, "config", "web"), { recursive: true });
    await writeFile(t.envFile("web"), 'KEEP="new"\nBOTH="new"\n');
    const legacy = join(t.root, "home", "web", "ENV");
    await writeFile(legacy, "export BOTH='old'\nexport OLD='from legacy'\n");
    expect(Object.fromEntries(await t.store.read("web"))).toEqual({ KEEP: "new", BOTH: "old", OLD: "from legacy" });
    expect(existsSync(legacy)).toBe(false);
    expect(await readFile(t.envFile("web"), "utf8")).toBe('BOTH="old"\nKEEP="new"\nOLD="from legacy"\n');
    expect(await readFile(join(t.lib, "config", "config", "web", "env-migrated"), "utf8")).toBe("true");
  });

  test("DOKKU_ROOT/ENV is the legacy global file", async () => {
    await using t = await setup();
    const legacy = join(t.root, "home", "ENV");
    await writeFile(legacy, "export CURL_TIMEOUT=600\n");
    expect(Object.fromEntries(await t.store.read(GLOBAL))).toEqual({ CURL_TIMEOUT: "600" });
    expect(existsSync(legacy)).toBe(false);
    expect(await readFile(join(t.lib, "config", "config", "--global", "env-migrated"), "utf8")).toBe("true");
  });

  test("a legacy file reappearing after migration is never imported", async () => {
    await using t = await setup();
    await t.store.update("web", (env) => env.set("A", "1"));
    const legacy = join(t.root, "home", "web", "ENV");
    await writeFile(legacy, "A=1\n");
    expect(Object.fromEntries(await t.store.read("web"))).toEqual({ A: "1" });
    expect(existsSync(legacy)).toBe(false); // identical: simply removed

    await writeFile(legacy, "A=2\nB=3\n");
    expect(Object.fromEntries(await t.store.read("web"))).toEqual({ A: "1" });
    expect(existsSync(legacy)).toBe(false);
    expect(await readFile(`${legacy}.migrated`, "utf8")).toBe("A=2\nB=3\n");
    expect(t.stderr()).toContain("the current config takes precedence for A B");
  });
});
