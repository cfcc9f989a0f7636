// The ps triggers of one deploy, in one process as a push runs them: the Procfile extracted at
// core-post-extract drives the formation and the commands, and becomes the app's at core-post-deploy.
import { describe, expect, test } from "bun:test";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createTestCtx } from "../../core/_context.ts";

async function setup() {
  const t = await createTestCtx();
  await mkdir(join(t.root, "home", "web"), { recursive: true });
  await t.ctx.triggers.notify("post-create", "web");
  const work = join(t.root, "work");
  await mkdir(work);
  return Object.assign(t, { work });
}

describe("ps triggers through a deploy", () => {
  test("Procfile types join the formation at 0; commands expand $PORT and config; commit at core-post-deploy", async () => {
    await using t = await setup();
    const q = (name: string, ...args: string[]) => t.ctx.triggers.fire(name, args);
    await q("config-set", "--no-restart", "web", "GREETING=hello");
    await writeFile(join(t.work, "Procfile"), "web: ./web.sh\nworker: ./worker.sh $PORT $GREETING\n");
    await q("core-post-extract", "web", t.work, "abc");
    await q("post-release-builder", "herokuish", "web", "dokku/web:latest");
    expect(await q("ps-current-scale", "web")).toBe("web=1\nworker=0");
    expect(await q("procfile-get-command", "web", "worker", "7000")).toBe("./worker.sh 7000 hello\n");
    expect(await q("procfile-get-command", "web", "nope")).toBe("");
    expect(await q("ps-get-property", "web", "deployed")).toBe("false\n");
    await q("core-post-deploy", "web", "", "", "latest");
    expect(await q("ps-get-property", "web", "deployed")).toBe("true\n");
    expect(await q("ps-get-property", "web", "restore")).toBe("true\n");
  });

  test("a type dropped from the Procfile at 0 leaves the formation at the next deploy", async () => {
    await using t = await setup();
    const q = (name: string, ...args: string[]) => t.ctx.triggers.fire(name, args);
    await writeFile(join(t.work, "Procfile"), "web: a\nclock: b\n");
    await q("core-post-extract", "web", t.work, "1");
    await q("post-release-builder", "herokuish", "web", "img");
    await q("core-post-deploy", "web", "", "", "latest");
    await writeFile(join(t.work, "Procfile"), "web: a\n");
    await q("core-post-extract", "web", t.work, "2");
    await q("post-release-builder", "herokuish", "web", "img");
    expect(await q("ps-current-scale", "web")).toBe("clock=0\nweb=1");
    await q("core-post-deploy", "web", "", "", "latest");
    expect(await q("ps-current-scale", "web")).toBe("web=1");
  });

  test("an invalid Procfile fails core-post-extract with Dokku's prefix", async () => {
    await using t = await setup();
    await writeFile(join(t.work, "Procfile"), "web: a\nweb: b\n");
    await expect(t.ctx.triggers.fire("core-post-extract", ["web", t.work, "1"])).rejects.toThrow('Invalid Procfile: line 2: duplicate process type "web"');
  });

  test("app-json formations (ps-set-scale with clear) replace the formation; ps-can-scale false forbids ps:scale", async () => {
    await using t = await setup();
    const q = (name: string, ...args: string[]) => t.ctx.triggers.fire(name, args);
    await q("ps-set-scale", "web", "true", "true", "web=2", "worker=1");
    expect(await q("ps-current-scale", "web")).toBe("web=2\nworker=1");
    await q("ps-can-scale", "web", "false");
    expect(await q("ps-get-property", "web", "can-scale")).toBe("false\n");
  });
});
