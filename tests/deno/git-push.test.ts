// Deno: a `git push` served by `deno run -A src/main.ts` (git-receive-pack, the pre-receive hook that
// re-runs the same runtime, the detached build runner) with the null builder and scheduler.
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT, createHostDirs, runSync } from "../_harness/host.ts";
import { GIT_CLIENT_ENV } from "../e2e/git-fixtures.ts";

declare const Deno: {
  test(name: string, fn: () => void | Promise<void>): void;
  execPath(): string;
};

const MAIN = join(PROJECT_ROOT, "src", "main.ts");

Deno.test("deno run: git push over ext:: creates the app, deploys main and records the build", () => {
  using host = createHostDirs("dokku-deno-push-", { NO_COLOR: "1", ...GIT_CLIENT_ENV, ...(process.env.DENO_DIR ? { DENO_DIR: process.env.DENO_DIR } : {}) });
  const run = (argv: string[], cwd = host.root) => runSync(argv, { env: host.env, cwd });
  const dokku = (args: string[]) => run([Deno.execPath(), "run", "-A", MAIN, ...args]);
  assert.equal(dokku(["builder:set", "--global", "selected", "null"]).code, 0);
  assert.equal(dokku(["scheduler:set", "--global", "selected", "null"]).code, 0);

  const src = join(host.root, "src");
  mkdirSync(src);
  writeFileSync(join(src, "index.html"), "deno\n");
  for (const args of [["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "init"]]) assert.equal(run(["git", ...args], src).code, 0);
  const remote = `ext::${Deno.execPath()} run -A ${MAIN} %S 'denoapp'`;
  const push = run(["git", "-c", "protocol.ext.allow=always", "push", remote, "main"], src);
  assert.equal(push.code, 0, push.stderr);
  assert.match(push.stderr, /remote: -----> Releasing denoapp\.\.\./);
  assert.match(push.stderr, /remote: =====> Application deployed:/);

  const head = run(["git", "rev-parse", "HEAD"], src).stdout.trim();
  assert.equal(dokku(["git:report", "denoapp", "--git-sha"]).stdout.trim(), head);
  const builds = JSON.parse(dokku(["builds:list", "denoapp", "--format", "json"]).stdout) as { status: string }[];
  assert.equal(builds.length, 1);
  assert.equal(builds[0]!.status, "succeeded");
});
