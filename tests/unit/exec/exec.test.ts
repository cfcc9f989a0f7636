import { describe, expect, test } from "bun:test";
import { exec } from "../../../src/exec/exec.ts";

describe("exec onLine", () => {
  test("delivers each line per stream as it arrives, CR stripped, a final partial line flushed", async () => {
    const seen: string[] = [];
    const script = "printf 'one\\r\\ntwo\\n'; printf 'err\\n' >&2; printf 'tail'";
    const result = await exec(["sh", "-c", script], { onLine: (line, stream) => seen.push(`${stream}:${line}`) });
    expect(seen.filter((l) => l.startsWith("stdout:"))).toEqual(["stdout:one", "stdout:two", "stdout:tail"]);
    expect(seen).toContain("stderr:err");
    expect(result.stdout).toBe("one\r\ntwo\ntail");
  });
});
