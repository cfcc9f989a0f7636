// A config write racing `apps:rename OLD NEW` is either moved to NEW or refused, never "exit 0
// and lost". Each interleaving is driven step by step through the handlers apps:rename fires.
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { EnvStore, RENAMED_MARKER } from "../../../../plugins/config/env-store.ts";
import { AppNotFoundError, DokkuError, UserError } from "../../../../src/core/errors.ts";
import { acquireLock } from "../../../../src/core/lock.ts";
import { createTestCtx } from "../../core/_context.ts";

async function setup() {
  const t = await createTestCtx();
  for (const app of ["old", "new"]) await mkdir(join(t.root, "home", app), { recursive: true });
  const q = (name: string, ...args: string[]) => t.ctx.triggers.fire(name, args);
  const lib = join(t.root, "lib");
  const store = new EnvStore(t.ctx);
  await q("config-set", "--no-restart", "old", "A=1");
  return Object.assign(t, { q, lib, store, oldDir: join(lib, "config", "old") });
}

/** The steps of apps:rename after the copy of the app directory (see plugins/apps/rename-clone.ts). */
const renameSetup = (t: Awaited<ReturnType<typeof setup>>) => t.q("post-app-rename-setup", "old", "new");
const postDelete = (t: Awaited<ReturnType<typeof setup>>) => t.q("post-delete", "old", "latest");
const removeAppDir = (t: Awaited<ReturnType<typeof setup>>) => rm(join(t.root, "home", "old"), { recursive: true, force: true });

async function refusal(promise: Promise<unknown>): Promise<DokkuError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DokkuError);
  return error as DokkuError;
}

describe("config writes racing apps:rename", () => {
  test("a write holding OLD's lock when the rename starts is waited for and moved to NEW", async () => {
    await using t = await setup();
    // Stand in for a writer inside its critical section: hold the lock, rename, then write.
    const lock = await acquireLock(join(t.oldDir, ".ENV.lock"), { wait: false, command: "config" });
    const rename = renameSetup(t);
    await writeFile(join(t.oldDir, "ENV"), 'A="1"\nRACED="yes"\n');
    await lock.release();
    await rename;
    expect(await t.q("config-get", "new", "RACED")).toBe("yes");
    expect(await t.q("config-get", "new", "A")).toBe("1");
  });

  test("racing writers either land in NEW or are refused, never succeed and vanish", async () => {
    await using t = await setup();
    const writes = Array.from({ length: 8 }, (_, i) => t.store.update("old", (env) => env.set(`K${i}`, "v")).then(() => true, () => false));
    const [renamed, ...landed] = await Promise.all([renameSetup(t).then(() => true), ...writes]);
    expect(renamed).toBe(true);
    const moved = await t.store.read("new");
    landed.forEach((ok, i) => expect(moved.has(`K${i}`)).toBe(ok));
  });

  test("a write after the ENV moved is refused naming NEW; nothing is written for OLD", async () => {
    await using t = await setup();
    await renameSetup(t);
    const error = await refusal(t.q("config-set", "--no-restart", "old", "B=2"));
    expect(error).toBeInstanceOf(UserError);
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe("App old was renamed to new; its config moved there, nothing was written");
    expect(existsSync(join(t.oldDir, "ENV"))).toBe(false);
    expect(await t.q("config-get", "new", "B")).toBe("");
    // Reads of OLD see nothing and do not recreate its migration marker.
    expect(await t.q("config-get", "old", "A")).toBe("");
    expect(existsSync(join(t.lib, "config", "config", "old"))).toBe(false);
  });

  test("a write between post-delete and the app directory's removal is still refused, leaving nothing", async () => {
    await using t = await setup();
    await renameSetup(t);
    await postDelete(t);
    expect(existsSync(t.oldDir)).toBe(false);
    const error = await refusal(t.store.update("old", (env) => env.set("B", "2")));
    expect(error.message).toContain("was renamed to new");
    expect(existsSync(t.oldDir)).toBe(false); // the lock directory it recreated is gone again
    await removeAppDir(t);
    expect(existsSync(join(t.root, "home", "old"))).toBe(false); // the marker went with the app
  });

  test("a write after the rename finished fails with exit 20 and recreates nothing", async () => {
    await using t = await setup();
    await renameSetup(t);
    await postDelete(t);
    await removeAppDir(t);
    const error = await refusal(t.store.update("old", (env) => env.set("B", "2")));
    expect(error).toBeInstanceOf(AppNotFoundError);
    expect(error.exitCode).toBe(20);
    expect(existsSync(t.oldDir)).toBe(false);
    expect([...(await t.store.read("old"))]).toEqual([]);
    expect(existsSync(t.oldDir)).toBe(false);
    expect(existsSync(join(t.lib, "config", "config", "old"))).toBe(false);
  });

  test("the rename marker names NEW and lives in OLD's app directory only", async () => {
    await using t = await setup();
    await renameSetup(t);
    expect(await readFile(join(t.root, "home", "old", RENAMED_MARKER), "utf8")).toBe("new\n");
    expect(existsSync(join(t.root, "home", "new", RENAMED_MARKER))).toBe(false);
  });

  test("a clone of a half-renamed app does not inherit the marker", async () => {
    await using t = await setup();
    await renameSetup(t);
    // apps:clone copies the app directory before post-app-clone-setup.
    await mkdir(join(t.root, "home", "copy"));
    await writeFile(join(t.root, "home", "copy", RENAMED_MARKER), "new\n");
    await t.q("post-app-clone-setup", "old", "copy");
    await t.q("config-set", "--no-restart", "copy", "C=3");
    expect(await t.q("config-get", "copy", "C")).toBe("3");
  });

  test("a writer waiting for the lock when the app goes away reports the app, not what broke on the way", async () => {
    await using t = await setup();
    const held = await acquireLock(join(t.oldDir, ".ENV.lock"), { wait: false, command: "config" });
    const writing = refusal(t.store.update("old", (env) => env.set("B", "2")));
    // The writer is past its first check once it has put its holder record beside the lock.
    for (let i = 0; i < 1000 && !(await readdir(t.oldDir)).some((name) => name.endsWith(".tmp")); i++) await new Promise((r) => setTimeout(r, 2));
    await removeAppDir(t);
    // Whatever is in the way now, the app is gone. The waiting writer may make the directory again
    // between the two steps (it retries a vanished lock directory): repeat until the file lands.
    for (let i = 0; ; i++) {
      await rm(t.oldDir, { recursive: true, force: true });
      try {
        await writeFile(t.oldDir, "not a directory", { flag: "wx" });
        break;
      } catch (error) {
        if (i > 100 || !["EISDIR", "EEXIST"].includes((error as { code?: string }).code ?? "")) throw error;
      }
    }
    const error = await writing;
    expect(error).toBeInstanceOf(AppNotFoundError);
    expect(error.message).toBe("App old does not exist");
    await held.release();
  });
});
