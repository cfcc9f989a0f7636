// A reader that goes away early (`dokku ps:report | head -1`) ends the command quietly with 141,
// the status of a process ended by SIGPIPE, instead of a runtime stack trace.
import { describe, expect, test } from "bun:test";
import { spawn } from "node:child_process";
import { createTestHost, dokkuCommand } from "../_harness/host.ts";

describe("a closed stdout", () => {
  test("ends the command with 141 and nothing on stderr", async () => {
    await using host = await createTestHost();
    for (let i = 0; i < 20; i++) expect((await host.dokku(["apps:create", `app-${i}`])).code).toBe(0);
    const [bin, ...pre] = dokkuCommand();
    const child = spawn(bin!, [...pre, "ps:report"], { env: host.env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy(); // the read end closes before anything is written
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
    expect({ code, stderr }).toEqual({ code: 141, stderr: "" });
  }, 60_000);
});
