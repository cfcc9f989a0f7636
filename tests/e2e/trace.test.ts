import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { createTestHost, type TestHost } from "../_harness/host.ts";
import { bashPlugin, gitRepo } from "./plugin-fixtures.ts";

let host: TestHost;
let markers: string;
const dokku = (...args: string[]) => host.dokku(args, { env: { MARKER_DIR: markers } });
const traceFile = () => join(host.dokkuRoot, ".dokkurc", "DOKKU_TRACE");

beforeAll(async () => {
  host = await createTestHost("dokku-trace-e2e-");
  markers = join(host.root, "markers");
  await mkdir(markers);
  // An executable plugin whose post-create trigger prints DOKKU_TRACE as it sees it.
  const repo = await gitRepo(join(host.root, "src", "dokku-hello"), bashPlugin());
  const installed = await dokku("plugin:install", repo);
  if (installed.code !== 0) throw new Error(`fixture plugin did not install: ${installed.stderr}`);
});

afterAll(() => host[Symbol.asyncDispose]());

describe("trace", () => {
  test("trace:on writes .dokkurc/DOKKU_TRACE", async () => {
    const r = await dokku("trace:on");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("-----> Enabling trace mode\n");
    expect(readFileSync(traceFile(), "utf8")).toBe("export DOKKU_TRACE=1\n");
  });

  test("with trace on, plugins see DOKKU_TRACE=1 and dokku prints trace lines", async () => {
    const r = await dokku("apps:create", "traced");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("bash post-create traced howdy trace=1");
    expect(r.stderr).toContain(" ?     trigger post-create -> hello");
  });

  test("trace:off deletes the file and tracing stops", async () => {
    const r = await dokku("trace:off");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("-----> Disabling trace mode\n");
    expect(existsSync(traceFile())).toBe(false);
    const after = await dokku("apps:create", "untraced");
    expect(after.stdout).toContain("bash post-create untraced howdy trace=\n");
    expect(after.stderr).not.toContain(" ?     ");
    expect((await dokku("trace:off")).code).toBe(0);
  });

  test("--trace traces a single command without touching .dokkurc", async () => {
    const r = await dokku("--trace", "apps:create", "once");
    expect(r.stdout).toContain("trace=1");
    expect(existsSync(traceFile())).toBe(false);
  });

  test("bare trace and trace:help print the plugin help", async () => {
    for (const command of ["trace", "trace:help"]) {
      const r = await dokku(command);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("Usage: dokku trace[:COMMAND]");
      expect(r.stdout).toMatch(/^ {4}trace:on\s+Enable trace mode$/m);
      expect(r.stdout).toMatch(/^ {4}trace:off\s+Disable trace mode$/m);
    }
  });
});
