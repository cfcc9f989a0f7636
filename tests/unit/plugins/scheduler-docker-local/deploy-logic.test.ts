import { describe, expect, test } from "bun:test";
import { buildCommit } from "../../../../plugins/scheduler-docker-local/deploy.ts";
import { runPool } from "../../../../plugins/scheduler-docker-local/pool.ts";
import { formatEntries, parseEntries } from "../../../../plugins/scheduler-docker-local/retire-queue.ts";
import { maskEnv } from "../../../../plugins/scheduler-docker-local/status.ts";

const id = (c: string) => c.repeat(64);
const started = (type: string, index: number, c: string) => ({ type, index, id: id(c), ip: "10.0.0.1", port: type === "web" ? "5000" : "" });

describe("buildCommit", () => {
  test("new containers replace every old one of the rolled types; indexes beyond the new count drop", () => {
    const old = [
      { type: "web", index: 1, id: id("a") },
      { type: "web", index: 2, id: id("b") },
      { type: "worker", index: 1, id: id("c") },
    ];
    const commit = buildCommit("release-3", ["web"], old, [started("web", 1, "d")], 60);
    expect(commit).toEqual({ tag: "release-3", dynos: [started("web", 1, "d")], drop: [{ type: "web", index: 2 }], retire: [id("a"), id("b")], wait: 60 });
  });

  test("a type scaled to zero (or gone from the formation) retires all its containers and drops all its files", () => {
    const old = [{ type: "worker", index: 1, id: id("c") }, { type: "clock", index: 1, id: id("e") }];
    const commit = buildCommit("latest", ["web", "worker", "clock"], old, [started("web", 1, "d")], 0);
    expect(commit.drop).toEqual([{ type: "worker", index: 1 }, { type: "clock", index: 1 }]);
    expect(commit.retire).toEqual([id("c"), id("e")]);
  });
});

describe("runPool", () => {
  test("keeps order, runs at most `workers` at once", async () => {
    let running = 0;
    let peak = 0;
    const out = await runPool([1, 2, 3, 4, 5], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await Promise.resolve();
      running--;
      return n * 10;
    });
    expect(out).toEqual([10, 20, 30, 40, 50]);
    expect(peak).toBe(2);
  });

  test("after a failure no new item starts; items in flight finish; the first error is thrown", async () => {
    const seen: number[] = [];
    const run = runPool([1, 2, 3, 4], 2, async (n) => {
      seen.push(n);
      await Promise.resolve();
      if (n === 1) throw new Error("one failed");
      return n;
    });
    await expect(run).rejects.toThrow("one failed");
    expect(seen).toEqual([1, 2]);
  });
});

describe("retirement queue lines", () => {
  test("Dokku's `APP CID DUE` lines round-trip; malformed lines are skipped", () => {
    const entries = parseEntries(`web ${id("a")} 100\n\nbroken line\nweb ${id("b")} soon\napi ${id("c")} 200\n`);
    expect(entries).toEqual([{ app: "web", id: id("a"), due: 100 }, { app: "api", id: id("c"), due: 200 }]);
    expect(parseEntries(formatEntries(entries))).toEqual(entries);
  });
});

describe("maskEnv", () => {
  test("values become XXXXXX except Dokku's visible variables", () => {
    expect(maskEnv(["SECRET=hunter2", "DYNO=web.1", "PORT=5000", "PATH=/bin", "DOKKU_APP_TYPE=herokuish", "USER=herokuishuser", "CACHE_PATH=/cache", "EMPTY=", "NOEQUALS"])).toEqual([
      "SECRET=XXXXXX", "DYNO=web.1", "PORT=5000", "PATH=/bin", "DOKKU_APP_TYPE=herokuish", "USER=herokuishuser", "CACHE_PATH=/cache", "EMPTY=XXXXXX", "NOEQUALS",
    ]);
  });
});
