// Output larger than a pipe buffer reaches a reader whole: Bun's process.exit() used to drop what
// was still queued (a 1 MB config:get arrived as 64-128 KB).
import { expect, test } from "bun:test";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createTestHost, dokkuCommand } from "../_harness/host.ts";

/** Reads a command's stdout slowly, so the writer finishes long before the pipe is drained. */
function slowRead(argv: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { env, stdio: ["ignore", "pipe", "inherit"] });
    let bytes = 0;
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), 500);
    child.stdout.on("data", (chunk: Buffer) => (bytes += chunk.length));
    child.on("error", reject);
    child.on("close", () => resolve(bytes));
  });
}

test("a 1 MB config value survives config:get and config:export into a slow pipe", async () => {
  await using host = await createTestHost();
  expect((await host.dokku(["apps:create", "big"])).code).toBe(0);
  const value = randomBytes(800_000).toString("base64");
  const file = join(host.root, "big.env");
  await writeFile(file, `HUGE=${value}\n`);
  expect((await host.dokku(["config:import", "big", file])).code).toBe(0);

  const got = await host.dokku(["config:get", "big", "HUGE"]);
  expect(got.stdout).toBe(`${value}\n`);
  expect(await slowRead([...dokkuCommand(), "config:get", "big", "HUGE"], host.env)).toBe(value.length + 1);
  const exported = await host.dokku(["config:export", "big", "--format", "json"]);
  expect(JSON.parse(exported.stdout)).toEqual({ HUGE: value });
}, 60_000);
