// Recovery of locks whose holder is gone: claims, empty files, and what killed processes leave.
import { describe, expect, test } from "bun:test";
import { spawn, spawnSync } from "node:child_process";
import { readFile, readdir, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import { LockBusyError, acquireLock, readHolder, type LockHolder } from "../../../src/core/lock.ts";
import { processStart } from "../../../src/core/process.ts";
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

describe("claims", () => {
  test("while a live recoverer's claim is ahead of ours, the stale lock is left to it", async () => {
    await using root = await tmpRoot();
    const path = join(root.path, "lock");
    const claimant = spawn("sleep", ["30"], { stdio: "ignore" });
    try {
      await waitFor(() => processStart(claimant.pid!) !== "");
      const stale = `${holder({ pid: deadPid(), command: "dead" })}\nclaim ${claimant.pid} ${processStart(claimant.pid!)} aaaaaaaaaaaa\n`;
      await writeFile(path, stale);
      // Not waiting: the lock is busy (someone else is recovering it), and it is left in place.
      await expect(acquireLock(path, { wait: false, command: "now" })).rejects.toBeInstanceOf(LockBusyError);
      expect((await readFile(path, "utf8")).startsWith(stale)).toBe(true);
      // Once that recoverer is gone, a waiting acquire takes over.
      const acquiring = acquireLock(path, { wait: true, command: "late" });
      claimant.kill("SIGKILL");
      const handle = await acquiring;
      expect(((await readHolder(path)) as LockHolder).command).toBe("late");
      await handle.release();
    } finally {
      claimant.kill("SIGKILL");
    }
  });

  test("a claim left by a recoverer that died does not block recovery", async () => {
    await using root = await tmpRoot();
    const path = join(root.path, "lock");
    await writeFile(path, `${holder({ pid: deadPid() })}\nclaim ${deadPid()} 1 aaaaaaaaaaaa\n`);
    await (await acquireLock(path, { wait: false, command: "x" })).release();
    expect(await readdir(root.path)).toEqual([]);
  });
});

describe("empty and leftover files", () => {
  test("an empty lock past the grace is recovered at once (issue reproduction: .ENV.lock left by SIGKILL)", async () => {
    await using root = await tmpRoot();
    const path = join(root.path, ".ENV.lock");
    await writeFile(path, "");
    const past = new Date(Date.now() - 30_000);
    await utimes(path, past, past);
    const handle = await acquireLock(path, { wait: false, command: "config" });
    expect(await readHolder(path)).toMatchObject({ pid: process.pid, command: "config" });
    await handle.release();
  });

  test("a fresh empty lock is waited for, not treated as manual, and recovered once past the grace", async () => {
    await using root = await tmpRoot();
    const path = join(root.path, ".ENV.lock");
    await writeFile(path, "");
    await expect(acquireLock(path, { wait: false, command: "config" })).rejects.toBeInstanceOf(LockBusyError);
    await (await acquireLock(path, { wait: true, command: "config" })).release();
  });

  test("an empty deploy lock is Dokku's apps:lock however old it is", async () => {
    await using root = await tmpRoot();
    const path = join(root.path, ".deploy.lock");
    await writeFile(path, "");
    const past = new Date(Date.now() - 3_600_000);
    await utimes(path, past, past);
    const error = await acquireLock(path, { wait: true, command: "deploy", empty: "manual" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockBusyError);
    expect(await readFile(path, "utf8")).toBe("");
  });

  test("the lock file is never observable without its holder", async () => {
    await using root = await tmpRoot();
    const path = join(root.path, "lock");
    // A child takes and releases the lock in a tight loop while we read it as fast as we can.
    const script = `import { acquireLock } from ${JSON.stringify(LOCK_MODULE)};
      for (let i = 0; i < 300; i++) await (await acquireLock(${JSON.stringify(path)}, { wait: true, command: "loop" })).release();`;
    const child = spawn(process.execPath, ["-e", script], { stdio: "ignore" });
    const done = new Promise((resolveDone) => child.once("close", resolveDone));
    let finished = false;
    void done.then(() => (finished = true));
    const seen = new Set<string>();
    while (!finished) {
      const text = await readFile(path, "utf8").catch(() => undefined);
      if (text !== undefined) seen.add(text === "" ? "empty" : "holder");
    }
    expect(seen.has("empty")).toBe(false);
    expect(await readdir(root.path)).toEqual([]);
  });

  test("acquiring sweeps temp files of dead writers and breaker files of earlier versions", async () => {
    await using root = await tmpRoot();
    const path = join(root.path, ".ENV.lock");
    const dead = deadPid();
    const leftovers = [`.ENV.lock.${dead}-1-aaaaaaaaaaaa.tmp`, `.ENV.${dead}--bbbbbbbbbbbb.tmp`, ".ENV.lock.break"];
    for (const name of leftovers) await writeFile(join(root.path, name), name.endsWith(".break") ? holder({ pid: dead }) : "x");
    const live = `.ENV.${process.pid}-${processStart(process.pid)}-cccccccccccc.tmp`;
    await writeFile(join(root.path, live), "in use");
    await (await acquireLock(path, { wait: false, command: "config" })).release();
    expect(await readdir(root.path)).toEqual([live]);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

describe("under SIGKILL", () => {
  test("processes killed at random points never leave two holders at once, and the lock stays usable", async () => {
    await using root = await tmpRoot();
    const path = join(root.path, "lock");
    const inside = join(root.path, "inside");
    const report = join(root.path, "report");
    // Each child loops: take the lock, mark "inside" exclusively (a mark whose writer died is
    // cleared first: it was killed while holding), note any overlap, unmark, release.
    const script = `import { acquireLock } from ${JSON.stringify(LOCK_MODULE)};
      import { appendFileSync, openSync, closeSync, readFileSync, unlinkSync } from "node:fs";
      const alive = (pid) => { try { process.kill(pid, 0); return !readFileSync("/proc/" + pid + "/stat", "utf8").split(") ")[1].startsWith("Z"); } catch { return false; } };
      for (;;) {
        const lock = await acquireLock(${JSON.stringify(path)}, { wait: true, command: "child" });
        try { const pid = Number(readFileSync(${JSON.stringify(inside)}, "utf8")); if (!alive(pid)) unlinkSync(${JSON.stringify(inside)}); } catch {}
        try { closeSync(openSync(${JSON.stringify(inside)}, "wx")); appendFileSync(${JSON.stringify(inside)}, String(process.pid)); }
        catch { appendFileSync(${JSON.stringify(report)}, "overlap\\n"); }
        await new Promise((r) => setTimeout(r, Math.random() * 3));
        appendFileSync(${JSON.stringify(report)}, "done\\n");
        try { unlinkSync(${JSON.stringify(inside)}); } catch {}
        await lock.release();
      }`;
    const start = () => spawn(process.execPath, ["-e", script], { stdio: "ignore" });
    const children = Array.from({ length: 4 }, start);
    const done = async () => (await readFile(report, "utf8").catch(() => "")).split("\n").filter(Boolean).length;
    for (let kill = 0; kill < 60; kill++) {
      // Progress after every kill (nothing stays blocked), then a kill at a random point.
      const before = await done();
      for (let i = 0; i < 2000 && (await done()) === before; i++) await new Promise((r) => setTimeout(r, 5));
      expect(await done()).toBeGreaterThan(before);
      await new Promise((r) => setTimeout(r, Math.random() * 10));
      const i = Math.floor(Math.random() * children.length);
      children[i]!.kill("SIGKILL");
      children[i] = start();
    }
    for (const child of children) child.kill("SIGKILL");
    await Promise.all(children.map((child) => (child.exitCode !== null || child.signalCode !== null ? undefined : new Promise((r) => child.once("close", r)))));
    const lines = (await readFile(report, "utf8").catch(() => "")).split("\n").filter(Boolean);
    expect(lines.filter((line) => line === "overlap")).toEqual([]);
    expect(lines.length).toBeGreaterThan(0);
    console.log(`${lines.length} critical sections, 60 kills`);
    await (await acquireLock(path, { wait: false, command: "after" })).release();
  }, 60_000);
});
