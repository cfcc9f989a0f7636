// Trigger input is shared the way plugn shares its stdin: the first implementation that reads it
// consumes it, so the docker-args convention (print stdin plus my flags) yields each part once.
import { expect, test } from "bun:test";
import { spawn } from "node:child_process";
import { mkdir, open, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createTestHost, dokkuCommand, type TestHost } from "../_harness/host.ts";

async function triggerPlugin(host: TestHost, name: string, body: string): Promise<void> {
  const dir = join(host.libRoot, "plugins", "available", name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "plugin.toml"), `[plugin]\ndescription = "${name}"\nversion = "1"\n`);
  await writeFile(join(dir, "args-chain"), `#!/usr/bin/env bash\n${body}\n`, { mode: 0o755 });
  await mkdir(join(host.libRoot, "plugins", "enabled"), { recursive: true });
  await symlink(dir, join(host.libRoot, "plugins", "enabled", name));
}

test("the first reader consumes the input; later readers see what is left", async () => {
  await using host = await createTestHost();
  await triggerPlugin(host, "a-quiet", 'echo -n " [a saw none]"'); // never reads: the input stays for the next
  await triggerPlugin(host, "b-reader", 'STDIN=$(cat); echo -n "$STDIN --b"');
  await triggerPlugin(host, "c-reader", 'STDIN=$(cat); echo -n "[$STDIN] --c"');
  // From a file: plugin:trigger reads only piped or redirected input, and the harness's pipes are sockets.
  const file = join(host.root, "input");
  await writeFile(file, "--base");
  const handle = await open(file, "r");
  const [command, ...rest] = dokkuCommand();
  const child = spawn(command!, [...rest, "plugin:trigger", "args-chain"], { env: host.env, stdio: [handle.fd, "pipe", "inherit"] });
  let stdout = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? 1)));
  await handle.close();
  expect({ code, stdout }).toEqual({ code: 0, stdout: " [a saw none]--base --b[] --c" });
}, 60_000);
