// A crontab of the tests' own and Debian's cron daemon, so the cron suites never touch a real
// user's crontab: a throw-away user that shares root's uid (its jobs can reach the test host's
// root-owned temp directories and the Docker socket) but has its own crontab file.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { processAlive } from "../../src/core/process.ts";
import { run } from "./host.ts";

const PATH_ENV = { PATH: process.env.PATH ?? "/usr/bin:/bin" };

/**
 * Why the crontab tests cannot run here (printed as a skip), or undefined when they can. With
 * DOKKU_IT_REQUIRED=1 (CI) it throws instead, so a green run cannot hide an untested suite.
 */
export function crontabUnavailable(): string | undefined {
  let reason: string | undefined;
  if (process.getuid?.() !== 0) reason = "not root: a throw-away crontab user needs useradd";
  for (const tool of ["/usr/bin/crontab", "/usr/sbin/cron", "/usr/sbin/useradd"]) {
    if (!reason && !existsSync(tool)) reason = `${tool} is missing (Debian's cron and passwd packages; scripts/ci-services.sh installs them)`;
  }
  if (reason && process.env.DOKKU_IT_REQUIRED === "1") throw new Error(`cron is required (DOKKU_IT_REQUIRED=1) but ${reason}`);
  if (reason) process.stderr.write(`SKIP crontab tests: ${reason}\n`);
  return reason;
}

export interface CrontabUser extends AsyncDisposable {
  readonly name: string;
  /** The user's installed crontab, or undefined when it has none. */
  crontab(): Promise<string | undefined>;
}

/**
 * Creates `dkcron<pid>x<random>` with uid 0; disposing removes its crontab and the user. Users of
 * runs that were killed before they could dispose (their pid is gone) are removed first: their
 * crontabs would otherwise go on starting `dokku cron:run` every minute for apps nobody tests.
 */
export async function createCrontabUser(): Promise<CrontabUser> {
  await sweepCrontabUsers();
  const name = `dkcron${process.pid}x${randomBytes(3).toString("hex")}`;
  const made = await run(["useradd", "--non-unique", "--uid", "0", "--gid", "0", "--no-create-home", "--home-dir", "/root", "--shell", "/bin/sh", name], { env: PATH_ENV });
  if (made.code !== 0) throw new Error(`useradd ${name} failed: ${made.stderr}`);
  return {
    name,
    async crontab() {
      const r = await run(["crontab", "-l", "-u", name], { env: PATH_ENV });
      return r.code === 0 ? r.stdout : undefined;
    },
    [Symbol.asyncDispose]: () => removeCrontabUser(name),
  };
}

async function removeCrontabUser(name: string): Promise<void> {
  await run(["crontab", "-r", "-u", name], { env: PATH_ENV });
  await run(["userdel", "--force", name], { env: PATH_ENV });
}

async function sweepCrontabUsers(): Promise<void> {
  const passwd = existsSync("/etc/passwd") ? readFileSync("/etc/passwd", "utf8") : "";
  for (const m of passwd.matchAll(/^dkcron([0-9]+)x[0-9a-f]+(?=:)/gm)) {
    if (!processAlive(Number(m[1]))) await removeCrontabUser(m[0]);
  }
}

const PIDFILE = "/run/crond.pid";

function cronPid(): number | undefined {
  if (!existsSync(PIDFILE)) return undefined;
  const pid = Number(readFileSync(PIDFILE, "utf8").trim());
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/**
 * Debian's cron daemon running; started here when it is not (no systemd in a container). It is
 * left running afterwards, like any system service: suites that run at the same time (CI's
 * parallel groups, other checkouts on the machine) share it, and one stopping it on its way out
 * left the others' cron jobs unrun.
 */
export async function ensureCronDaemon(): Promise<void> {
  if (cronPid() !== undefined) return;
  const started = await run(["/usr/sbin/cron"], { env: PATH_ENV });
  // Another suite may have started it a moment ago: then this start fails on the pid file's lock.
  for (let i = 0; i < 100 && cronPid() === undefined; i++) await new Promise((r) => setTimeout(r, 50));
  if (cronPid() === undefined) throw new Error(`cron is not running (${PIDFILE} names no live process): ${started.stderr}`);
}
