import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { commitExtracted, discardExtracted, extractFromSource, readCommitted, readExtracted } from "../../../src/core/extracted-files.ts";
import { createTestCtx } from "./_context.ts";

async function setup() {
  const t = await createTestCtx();
  const work = join(t.root, "work");
  await mkdir(work);
  const file = { dir: join(t.root, "lib", "data", "ps", "web"), name: "Procfile" };
  return Object.assign(t, { work, file });
}

describe("process-specific extracted files", () => {
  test("an extracted file is seen during the deploy and replaces the committed one only at commit", async () => {
    await using t = await setup();
    await mkdir(t.file.dir, { recursive: true });
    await writeFile(join(t.file.dir, "Procfile"), "web: old\n");
    await writeFile(join(t.work, "Procfile"), "web: new\n");
    expect(await extractFromSource(t.ctx, t.file, t.work, "Procfile")).toBe("extracted");
    expect(await readExtracted(t.ctx, t.file)).toBe("web: new\n");
    expect(await readCommitted(t.file)).toBe("web: old\n");
    await commitExtracted(t.ctx, t.file);
    expect(await readCommitted(t.file)).toBe("web: new\n");
  });

  test("a missing source marks the file absent for this deploy; commit deletes the old copy", async () => {
    await using t = await setup();
    await mkdir(t.file.dir, { recursive: true });
    await writeFile(join(t.file.dir, "Procfile"), "web: old\n");
    expect(await extractFromSource(t.ctx, t.file, t.work, "Procfile")).toBe("missing");
    expect(await readExtracted(t.ctx, t.file)).toBeUndefined();
    await commitExtracted(t.ctx, t.file);
    expect(existsSync(join(t.file.dir, "Procfile"))).toBe(false);
  });

  test("a failed deploy discards its copy and the committed file stays", async () => {
    await using t = await setup();
    await writeFile(join(t.work, "Procfile"), "web: new\n");
    await extractFromSource(t.ctx, t.file, t.work, "Procfile");
    await discardExtracted(t.ctx, t.file);
    expect(await readExtracted(t.ctx, t.file)).toBeUndefined();
  });

  test("a symlink out of the source tree and paths climbing out are refused", async () => {
    await using t = await setup();
    await symlink("/etc/passwd", join(t.work, "Procfile"));
    await expect(extractFromSource(t.ctx, t.file, t.work, "Procfile")).rejects.toThrow("points outside the app's source tree");
    await expect(extractFromSource(t.ctx, t.file, t.work, "../Procfile")).rejects.toThrow("inside the app's source tree");
    await expect(extractFromSource(t.ctx, t.file, t.work, "/etc/passwd")).rejects.toThrow("inside the app's source tree");
  });

  test("copies left by dead deploys are removed at the next extract", async () => {
    await using t = await setup();
    await mkdir(t.file.dir, { recursive: true });
    await writeFile(join(t.file.dir, "Procfile.999999"), "stale");
    await writeFile(join(t.file.dir, "Procfile.999998.missing"), "");
    await writeFile(join(t.work, "Procfile"), "web: x\n");
    await extractFromSource(t.ctx, t.file, t.work, "Procfile");
    expect(existsSync(join(t.file.dir, "Procfile.999999"))).toBe(false);
    expect(existsSync(join(t.file.dir, "Procfile.999998.missing"))).toBe(false);
    expect(await readFile(join(t.file.dir, `Procfile.${t.ctx.env.vars.DOKKU_PID}`), "utf8")).toBe("web: x\n");
  });
});
