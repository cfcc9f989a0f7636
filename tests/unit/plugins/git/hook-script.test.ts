import { afterEach, beforeEach, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hookScript } from "../../../../plugins/git/repo.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "dokku hook 'test' "));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

test("the hook execs our binary with git-hook APP, the roots exported and stdin passed on", async () => {
  const fake = join(dir, "fake dokku $(id)");
  await writeFile(fake, `#!/bin/sh\nprintf '%s|' "$@"\nprintf '%s|%s|' "$DOKKU_ROOT" "$DOKKU_LIB_ROOT"\ncat\n`);
  await chmod(fake, 0o755);
  const script = join(dir, "pre-receive");
  await writeFile(script, hookScript([fake, "--flag with 'quote'"], "my-app", { DOKKU_ROOT: "/h o'me", DOKKU_LIB_ROOT: "/var/$lib" }));
  await chmod(script, 0o755);
  const result = spawnSync(script, [], { input: "old new refs/heads/main\n", encoding: "utf8", env: { PATH: "/usr/bin:/bin" } });
  expect(result.stdout).toBe("--flag with 'quote'|git-hook|my-app|/h o'me|/var/$lib|old new refs/heads/main\n");
  expect(result.status).toBe(0);
});
