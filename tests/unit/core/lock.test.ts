import { describe, expect, test } from "bun:test";
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, readdir, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import { LockBusyError, acquireLock, isStale, readHolder, type LockHolder } from "../../../src/core/lock.ts";
import { tmpRoot } from "./_context.ts";

const LOCK_MODULE = resolve(import.meta.dir, "../../../src/core/lock.ts");

/** A pid that certainly belonged to a process which has exited (spawned and reaped). */
function deadPid(): number {
  const child = spawnSync("sleep", ["0"]);
  expect(child.pid).toBeGreaterThan(0);
  return child.pid!;
}

function holder(overrides: Partial<LockHolder>): string {
  return JSON.stringify({ pid: 1, start: "", host: hostname(), command: "test", since: new Date().toISOString(), ...overrides });
}

describe("acquireLock", () => {
  test("writes a JSON holder record and release removes the file", async () => {
    await using root = await tmpRoot();
    const path = join(root.path, "data", "apps", "web", ".deploy.lock");
    const handle = await acquireLock(path, { wait: false, command: "apps:destroy" });
    const held = await readHolder(path);
    expect(held).toMatchObject({ pid: process.pid, host: hostname(), command: "apps:destroy" });
    expect(isStale(held as LockHolder)).toBe(false);
    await handle.release();
    expect(existsSync(path)).toBe(false);
    expect(await readHolder(path)).toBe("absent");
  });

  test("a second exclusive acquire fails at once with the holder attached", async () => {
    await using root = await tmpRoot();
    const path = join(root.path, "lock");
    const first = await acquireLock(path, { wait: false, command: "first" });
    const error = await acquireLock(path, { wait: false, command: "second" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockBusyError);
    expect((error as LockBusyError).holder).toMatchObject({ pid: process.pid, command: "first" });
    await first.release();
  });

  test("a waiting acquire announces once, then gets the lock when the holder releases", async () => {
    await using root = await tmpRoot();
    const path = join(root.path, "lock");
    const first = await acquireLock(path, { wait: false, command: "first" });
    let announced = 0;
    // The holder finishes only once the waiter has announced itself: no sleeps, no timing guesses.
    const handle = await acquireLock(path, { wait: true, command: "second", onWait: () => void (announced++ || first.release()) });
    expect(announced).toBe(1);
    expect(await readHolder(path)).toMatchObject({ command: "second" });
    await handle.release();
  });

  test("a waiting acquire with a timeout gives up with LockBusyError", async () => {
    await using root = await tmpRoot();
    const path = join(root.path, "lock");
    const first = await acquireLock(path, { wait: false, command: "first" });
    await expect(acquireLock(path, { wait: true, command: "second", timeoutMs: 60 })).rejects.toBeInstanceOf(LockBusyError);
    await first.release();
  });

  test("a lock left by a dead process on this host is recovered", async () => {
    await using root = await tmpRoot();
    const path = join(root.path, "lock");
    const dead = deadPid();
    await writeFile(path, holder({ pid: dead }));
    expect(isStale((await readHolder(path)) as LockHolder)).toBe(true);
    const handle = await acquireLock(path, { wait: false, command: "recover" });
    expect(await readHolder(path)).toMatchObject({ pid: process.pid, command: "recover" });
    await handle.release();
    expect(await readdir(root.path)).toEqual([]); // no breaker file left
  });

  test("a live pid with a different start time (pid reused) is stale", async () => {
    await using root = await tmpRoot();
    const path = join(root.path, "lock");
    await writeFile(path, holder({ pid: process.pid, start: "1" }));
    const handle = await acquireLock(path, { wait: false, command: "recover" });
    await handle.release();
  });

  test("a manual lock (pid 0) never goes stale", async () => {
    await using root = await tmpRoot();
    const path = join(root.path, "lock");
    await acquireLock(path, { wait: false, command: "apps:lock", pid: 0 });
    const held = (await readHolder(path)) as LockHolder;
    expect(held.pid).toBe(0);
    expect(isStale(held)).toBe(false);
    await expect(acquireLock(path, { wait: false, command: "deploy" })).rejects.toBeInstanceOf(LockBusyError);
    await expect(acquireLock(path, { wait: false, command: "deploy", pid: 0, reentrant: true })).rejects.toBeInstanceOf(LockBusyError);
  });

  test("a lock from another host is never taken over", async () => {
    await using root = await tmpRoot();
    const path = join(root.path, "lock");
    await writeFile(path, holder({ pid: deadPid(), host: `not-${hostname()}` }));
    await expect(acquireLock(path, { wait: false, command: "x" })).rejects.toBeInstanceOf(LockBusyError);
    expect(isStale(undefined)).toBe(false);
  });

  test("Dokku's own lock files: a dead bare PID or a build id is a leftover, a live PID holds, an empty file is apps:lock", async () => {
    await using root = await tmpRoot();
    const path = join(root.path, "lock");
    await writeFile(path, String(deadPid()));
    expect(isStale((await readHolder(path)) as LockHolder)).toBe(true);
    await (await acquireLock(path, { wait: false, command: "x" })).release();
    await writeFile(path, "b7q3k2m9x1z0aa\n"); // a Dokku build id: Dokku's flock on it died with its deploy
    await (await acquireLock(path, { wait: false, command: "x" })).release();
    await writeFile(path, String(process.pid));
    await expect(acquireLock(path, { wait: false, command: "x" })).rejects.toBeInstanceOf(LockBusyError);
    await writeFile(path, "");
    expect(await readHolder(path)).toBeUndefined();
    await expect(acquireLock(path, { wait: false, command: "x", empty: "manual" })).rejects.toBeInstanceOf(LockBusyError);
  });

  test("waiting on a manual lock fails at once instead of hanging", async () => {
    await using root = await tmpRoot();
    const path = join(root.path, "lock");
    await acquireLock(path, { wait: false, command: "apps:lock", pid: 0 });
    await expect(acquireLock(path, { wait: true, command: "apps:clone" })).rejects.toBeInstanceOf(LockBusyError);
  });

  test("release never removes a lock that now belongs to someone else", async () => {
    await using root = await tmpRoot();
    const path = join(root.path, "lock");
    const handle = await acquireLock(path, { wait: false, command: "mine" });
    const theirs = holder({ pid: process.pid, command: "theirs", since: "2000-01-01T00:00:00.000Z" });
    await writeFile(path, theirs);
    await handle.release();
    expect(await readFile(path, "utf8")).toBe(theirs);
  });

  test("a reentrant acquire under the holder's pid shares the lock and its release is a no-op", async () => {
    await using root = await tmpRoot();
    const path = join(root.path, "lock");
    const outer = await acquireLock(path, { wait: false, command: "outer", pid: process.pid, reentrant: true });
    const inner = await acquireLock(path, { wait: false, command: "inner", pid: process.pid, reentrant: true });
    await inner.release();
    expect(await readHolder(path)).toMatchObject({ command: "outer" });
    await outer.release();
    expect(existsSync(path)).toBe(false);
  });
});

describe("concurrent acquirers", () => {
  test("in one process, exactly one of many wins, for a free lock and for a stale one", async () => {
    await using root = await tmpRoot();
    for (const initial of [undefined, holder({ pid: deadPid() })]) {
      const path = join(root.path, initial ? "stale" : "free");
      if (initial) await writeFile(path, initial);
      const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => acquireLock(path, { wait: false, command: `c${i}` })));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(LockBusyError);
    }
  });

  test("across processes racing on a stale lock, exactly one wins", async () => {
    await using root = await tmpRoot();
    const path = join(root.path, "lock");
    await writeFile(path, holder({ pid: deadPid() }));
    // Each child tries once, prints won/busy, and keeps holding until its stdin closes.
    const script = `import { acquireLock } from ${JSON.stringify(LOCK_MODULE)};
      let r = "busy"; try { await acquireLock(${JSON.stringify(path)}, { wait: false, command: "child" }); r = "won"; } catch {}
      process.stdout.write(r + "\\n"); for await (const _ of process.stdin) {}`;
    const children = Array.from({ length: 6 }, () => spawn(process.execPath, ["-e", script], { stdio: ["pipe", "pipe", "inherit"] }));
    const answers = await Promise.all(
      children.map((child) => new Promise<string>((resolveAnswer) => child.stdout.once("data", (d: Buffer) => resolveAnswer(d.toString().trim())))),
    );
    for (const child of children) child.stdin.end();
    await Promise.all(children.map((child) => new Promise((r) => child.once("close", r))));
    expect(answers.sort()).toEqual(["busy", "busy", "busy", "busy", "busy", "won"]);
  });
});

describe("recovery details", () => {
  test("a reentrant acquire under a different pid does not share the lock", async () => {
    await using root = await tmpRoot();
    const path = join(root.path, "lock");
    await acquireLock(path, { wait: false, command: "outer", pid: process.pid, reentrant: true });
    await expect(acquireLock(path, { wait: false, command: "inner", pid: process.pid + 1, reentrant: true })).rejects.toBeInstanceOf(LockBusyError);
    expect(((await readHolder(path)) as LockHolder).command).toBe("outer");
  });

  test("a holder that is a zombie (exited, not yet reaped) is stale", async () => {
    await using root = await tmpRoot();
    const path = join(root.path, "lock");
    // The shell execs `sleep`, which never reaps its background child: that child stays a zombie.
    const parent = spawn("sh", ["-c", "sleep 0 & echo $!; exec sleep 30"], { stdio: ["ignore", "pipe", "ignore"] });
    try {
      const pid = Number((await new Promise<string>((resolve) => parent.stdout!.once("data", (c: Buffer) => resolve(c.toString())))).trim());
      const zombie = async () => (await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "")).split(") ")[1]?.startsWith("Z");
      for (let i = 0; i < 200 && !(await zombie()); i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await zombie()).toBe(true);
      await writeFile(path, holder({ pid }));
      expect(isStale((await readHolder(path)) as LockHolder)).toBe(true);
      await (await acquireLock(path, { wait: false, command: "x" })).release();
    } finally {
      parent.kill("SIGKILL");
    }
  });
});
