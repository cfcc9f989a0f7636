// Deno smoke run (STYLE C14): the same entry under `deno run`, asserted with node:assert only
// (no registry imports). Also checks that state written by the Bun-compiled binary and by Deno
// is the same on disk. Run: node_modules/.bin/deno test -A tests/deno/
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { PROJECT_ROOT, createHostDirs, runSync, type RunResult } from "../_harness/host.ts";

// Only the members used here, so tsc needs no Deno lib (as src/runtime/deno.ts does).
declare const Deno: {
  test(name: string, fn: () => void | Promise<void>): void;
  execPath(): string;
};

const MAIN = join(PROJECT_ROOT, "src", "main.ts");
const BINARY = process.env.DOKKU_BIN ? resolve(PROJECT_ROOT, process.env.DOKKU_BIN) : join(PROJECT_ROOT, "dist", "dokku");

/** A temp Dokku host; `deno`/`bun` run the CLI through either runtime against it. */
function withHost(fn: (host: { deno(args: string[], input?: string): RunResult; bun(args: string[], input?: string): RunResult }) => void): void {
  using host = createHostDirs("dokku-deno-", { NO_COLOR: "1", ...(process.env.DENO_DIR ? { DENO_DIR: process.env.DENO_DIR } : {}) });
  const run = (argv: string[], input = "") => runSync(argv, { env: host.env, input, cwd: host.root });
  fn({
    deno: (args, input) => run([Deno.execPath(), "run", "-A", MAIN, ...args], input),
    bun: (args, input) => {
      assert.ok(existsSync(BINARY), `${BINARY} is missing: build it with node_modules/.bin/bun scripts/build.ts`);
      return run([BINARY, ...args], input);
    },
  });
}

/** Asserts exit 0 and returns stdout, showing stderr when it fails. */
function ok(r: RunResult): string {
  assert.equal(r.code, 0, `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r.stdout;
}

Deno.test("deno run: version prints the Dokku version", () => {
  withHost((h) => {
    assert.match(ok(h.deno(["version"])), /^dokku version \d+\.\d+\.\d+\n$/);
  });
});

Deno.test("deno run: apps:create, apps:list and apps:report --format json", () => {
  withHost((h) => {
    assert.equal(ok(h.deno(["apps:create", "smoke"])), "-----> Creating smoke...\n");
    assert.equal(ok(h.deno(["apps:list"])), "=====> My Apps\nsmoke\n");
    const report = JSON.parse(ok(h.deno(["apps:report", "smoke", "--format", "json"]))) as Record<string, string>;
    assert.equal(report["app-locked"], "false");
    assert.match(report["app-created-at"] ?? "", /^\d+$/);
    assert.equal(report["app-dir"]?.endsWith("/home/smoke"), true);
  });
});

Deno.test("deno run: unknown command and missing app exit codes", () => {
  withHost((h) => {
    const unknown = h.deno(["no-such-command"]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /`no-such-command` is not a dokku command\./);
    assert.equal(h.deno(["apps:exists", "ghost"]).code, 20);
  });
});

Deno.test("deno run: config:set then config:get", () => {
  withHost((h) => {
    ok(h.deno(["apps:create", "cfg"]));
    ok(h.deno(["config:set", "--no-restart", "cfg", "GREETING=hello world"]));
    assert.equal(ok(h.deno(["config:get", "cfg", "GREETING"])), "hello world\n");
  });
});

Deno.test("state is shared: written by dist/dokku, read under deno, and back", () => {
  withHost((h) => {
    ok(h.bun(["apps:create", "from-bun"]));
    ok(h.deno(["apps:create", "from-deno"]));
    assert.equal(ok(h.deno(["apps:list"])), "=====> My Apps\nfrom-bun\nfrom-deno\n");
    assert.equal(ok(h.bun(["apps:list", "--format", "json"])), '["from-bun","from-deno"]\n');
    const created = ok(h.bun(["apps:report", "from-deno", "--app-created-at"]));
    assert.equal(ok(h.deno(["apps:report", "from-deno", "--app-created-at"])), created);

    ok(h.bun(["apps:lock", "from-deno"]));
    assert.equal(ok(h.deno(["apps:report", "from-deno", "--app-locked"])), "true\n");
    ok(h.deno(["apps:unlock", "from-deno"]));
    assert.equal(ok(h.bun(["apps:report", "from-deno", "--app-locked"])), "false\n");

    ok(h.bun(["config:set", "--no-restart", "from-bun", "A=1", "B=two words"]));
    assert.equal(ok(h.deno(["config:get", "from-bun", "B"])), "two words\n");
    ok(h.deno(["config:set", "--no-restart", "from-deno", "C=3"]));
    assert.equal(ok(h.bun(["config:get", "from-deno", "C"])), "3\n");

    ok(h.deno(["apps:destroy", "from-bun", "--force"]));
    assert.equal(ok(h.bun(["apps:list", "--format", "json"])), '["from-deno"]\n');
  });
});
