// app.json through one deploy's triggers: extraction and validation, content for other plugins,
// env defaults and secrets, and formations that replace the app's scale.
import { describe, expect, test } from "bun:test";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createTestCtx } from "../../core/_context.ts";

async function setup(appJson?: string) {
  const t = await createTestCtx();
  await mkdir(join(t.root, "home", "web"), { recursive: true });
  await t.ctx.triggers.notify("post-create", "web");
  const work = join(t.root, "work");
  await mkdir(work);
  if (appJson !== undefined) await writeFile(join(work, "app.json"), appJson);
  const q = (name: string, ...args: string[]) => t.ctx.triggers.fire(name, args);
  return Object.assign(t, { work, q });
}

describe("app-json triggers", () => {
  test("without app.json the content is {} and parallelism 1", async () => {
    await using t = await setup();
    await t.q("core-post-extract", "web", t.work, "1");
    expect(await t.q("app-json-get-content", "web")).toBe("{}\n");
    expect(await t.q("app-json-process-deploy-parallelism", "web", "web")).toBe("1\n");
  });

  test("invalid app.json fails the extract with the key at fault, never the file's content", async () => {
    await using t = await setup('{"formation": {"web": {"quantity": -1}}, "env": {"SECRET": "hunter2"}}');
    await expect(t.q("core-post-extract", "web", t.work, "1")).rejects.toThrow("Invalid app.json file: formation.web.quantity: quantity must not be negative");
    await writeFile(join(t.work, "app.json"), "{not json SECRETVALUE");
    const error = await t.q("core-post-extract", "web", t.work, "1").catch((e: Error) => e);
    expect(String(error)).toContain("Invalid app.json file:");
    expect(String(error)).not.toContain("SECRETVALUE");
  });

  test("first deploy: defaults and generated secrets are set; required values without default stop it", async () => {
    await using t = await setup(JSON.stringify({ env: { A: "x", B: { value: "y" }, S: { generator: "secret" }, OPT: { required: false }, SYNC: { value: "s", sync: true } } }));
    await t.q("core-post-extract", "web", t.work, "1");
    await t.q("config-set", "--no-restart", "web", "A=kept");
    await t.q("pre-release-builder", "herokuish", "web", "img");
    expect(await t.q("config-get", "web", "A")).toBe("kept");
    expect(await t.q("config-get", "web", "B")).toBe("y");
    expect(await t.q("config-get", "web", "S")).toMatch(/^[0-9a-f]{64}$/);
    expect(await t.q("config-get", "web", "OPT")).toBe("");
    await writeFile(join(t.work, "app.json"), JSON.stringify({ env: { NEED: { description: "the key" } } }));
    await t.q("core-post-extract", "web", t.work, "2");
    await expect(t.q("pre-release-builder", "herokuish", "web", "img")).rejects.toThrow("Missing required app.json env var NEED (the key)");
  });

  test("formation quantities replace the scale and forbid ps:scale; max_parallel is reported", async () => {
    await using t = await setup(JSON.stringify({ formation: { web: { quantity: 2, max_parallel: 2 }, worker: { quantity: 1 } } }));
    await t.q("core-post-extract", "web", t.work, "1");
    await t.q("post-release-builder", "herokuish", "web", "img");
    expect(await t.q("ps-current-scale", "web")).toBe("web=2\nworker=1");
    expect(await t.q("ps-get-property", "web", "can-scale")).toBe("false\n");
    expect(await t.q("app-json-process-deploy-parallelism", "web", "web")).toBe("2\n");
  });
});
