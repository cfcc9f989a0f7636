// Deno: a `git push` served by `deno run -A src/main.ts` (git-receive-pack, the pre-receive hook that
// re-runs the same runtime, the detached build runner) with the null builder and scheduler.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

declare const Deno: {
  test(name: string, fn: () => void | Promise<void>): void;
  execPath(): string;
};

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const MAIN = join(ROOT, "src", "main.ts");

Deno.test("deno run: git push over ext:: creates the app, deploys main and records the build", () => {
  const root = mkdtempSync(join(tmpdir(), "dokku-deno-push-"));
  try {
    for (const dir of ["home", "lib", "src"]) mkdirSync(join(root, dir));
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? root,
      DOKKU_ROOT: join(root, "home"),
      DOKKU_LIB_ROOT: join(root, "lib"),
      DOKKU_SYSTEM_USER: process.getuid?.() === 0 ? "root" : (process.env.USER ?? "root"),
      DOKKU_DEFAULTS_FILE: join(root, "etc-default-dokku"),
      DOKKU_LOGS_DIR: join(root, "log"),
      NO_COLOR: "1",
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@example.invalid",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@example.invalid",
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_CONFIG_GLOBAL: "/dev/null",
    };
    if (process.env.DENO_DIR) env.DENO_DIR = process.env.DENO_DIR;
    const run = (argv: string[], cwd = root) => {
      const r = spawnSync(argv[0]!, argv.slice(1), { env, cwd, encoding: "utf8" });
      if (r.error) throw r.error;
      return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
    };
    const dokku = (args: string[]) => run([Deno.execPath(), "run", "-A", MAIN, ...args]);
    assert.equal(dokku(["builder:set", "--global", "selected", "null"]).code, 0);
    assert.equal(dokku(["scheduler:set", "--global", "selected", "null"]).code, 0);

    const src = join(root, "src");
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
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
