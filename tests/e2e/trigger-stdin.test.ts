// Trigger input is shared the way plugn shares its stdin: the first implementation that reads it
// consumes it, so the docker-args convention (print stdin plus my flags) yields each part once.
import { expect, test } from "bun:test";
import { spawn } from "node:child_process";
import { open, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createTestHost, dokkuCommand } from "../_harness/host.ts";
import { installTriggerPlugin } from "./git-fixtures.ts";

test("the first reader consumes the input; later readers see what is left", async () => {
  await using host = await createTestHost();
  await installTriggerPlugin(host, "a-quiet", { "args-chain": "printf ' [a saw none]'" }); // never reads: the input stays for the next
  await installTriggerPlugin(host, "b-reader", { "args-chain": 'STDIN=$(cat); printf "%s --b" "$STDIN"' });
  await installTriggerPlugin(host, "c-reader", { "args-chain": 'STDIN=$(cat); printf "[%s] --c" "$STDIN"' });
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
