import { describe, expect, test } from "bun:test";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { dynoName, readDynos, recordedContainer } from "../../../src/core/dyno-files.ts";
import { createTestCtx } from "./_context.ts";

describe("CONTAINER.TYPE.N files", () => {
  test("read sorted by type then numeric index; other files, bad names and empty files are left out", async () => {
    await using t = await createTestCtx({ plugins: [] });
    const dir = t.ctx.paths.appDir("app");
    await mkdir(dir, { recursive: true });
    const files: Record<string, string> = {
      "CONTAINER.web.10": "c10\n",
      "CONTAINER.web.2": "c2\n",
      "CONTAINER.worker.1": "w1",
      "CONTAINER.web.1": "  \n",
      "CONTAINER.web": "x\n",
      "CONTAINER.web.1.bak": "x\n",
      "IP.web.2": "172.17.0.2\n",
    };
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    expect(await readDynos(t.ctx, "app")).toEqual([
      { type: "web", index: 2, id: "c2" },
      { type: "web", index: 10, id: "c10" },
      { type: "worker", index: 1, id: "w1" },
    ]);
    expect(await recordedContainer(t.ctx, "app", "web.10")).toBe("c10");
    expect(await recordedContainer(t.ctx, "app", "web.1")).toBeUndefined();
    expect(await recordedContainer(t.ctx, "app", "web.3")).toBeUndefined();
    expect(dynoName({ type: "web", index: 3 })).toBe("web.3");
  });

  test("an app without a directory has none", async () => {
    await using t = await createTestCtx({ plugins: [] });
    expect(await readDynos(t.ctx, "missing")).toEqual([]);
    expect(await recordedContainer(t.ctx, "missing", "web.1")).toBeUndefined();
  });
});
