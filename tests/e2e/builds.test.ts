// Build history and detached builds over git's ext:: transport (the same server path as ssh):
// records and logs, a push whose client is killed mid-build, cancel, concurrency, failures.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { type TestHost, createTestHost } from "../_harness/host.ts";
import { installSlowPlugin, killTree, listBuilds, startDokku, startGit, touch, waitFor, waitForBuildEnd } from "./builds-fixtures.ts";
import { commitFiles, extRemote, gitIn, makeRepo, push } from "./git-fixtures.ts";

const T = 60_000;
let host: TestHost;
let gates: string;
let repo: string;

beforeAll(async () => {
  host = await createTestHost();
  host.env.TMPDIR = join(host.root, "tmp");
  await mkdir(host.env.TMPDIR);
  for (const args of [["builder:set", "--global", "selected", "null"], ["scheduler:set", "--global", "selected", "null"]]) {
    expect((await host.dokku(args)).code).toBe(0);
  }
  gates = await installSlowPlugin(host);
  repo = await makeRepo(host, join(host.root, "src"), { "index.html": "hello\n" });
});
afterAll(() => host?.[Symbol.asyncDispose]());

const pushBg = (app: string) => startGit(host, repo, ["-c", "protocol.ext.allow=always", "push", extRemote(app), "main"]);
const waiting = (p: { stderr(): string }) => waitFor("the build to reach the gate", () => p.stderr().includes("slow: waiting for the gate"));
const repoSha = async (app: string, ref = "refs/heads/main") => (await gitIn(host, host.root, ["--git-dir", join(host.dokkuRoot, app), "rev-parse", "--verify", "-q", ref])).stdout.trim();
const locked = async (app: string) => (await host.dokku(["apps:locked", app])).code === 0;
/** More objects than receive.unpackLimit (100): the push arrives as a pack, not loose objects. */
const manyFiles = (tag: string) => Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`${tag}/f${i}.txt`, `${tag} ${i}\n`]));

describe("a push whose client dies mid-build", () => {
  test("the build finishes, its log is complete and the branch points at what was deployed", async () => {
    await touch(join(gates, "slow-survivor"));
    const sha = await commitFiles(host, repo, { "a.txt": "a\n", ...manyFiles("a") }, "a");
    const pushing = pushBg("survivor");
    await waiting(pushing);
    const [running] = await waitFor("a running record", async () => (await listBuilds(host, "survivor")).filter((b) => b.display_status === "running"));
    expect(running).toMatchObject({ source: "git-hook", rev: sha, who: "default" });
    // The deploy lock is the runner's own, not the hook's (whose DOKKU_PID is the ssh-side dokku).
    expect(JSON.parse(await readFile(join(host.libRoot, "data", "apps", "survivor", ".deploy.lock"), "utf8")).pid).toBe(running!.pid);
    const killed = killTree(pushing.pid); // git push, the ext:: server side, receive-pack, the hook
    expect(killed).not.toContain(running!.pid); // the runner left the push's process tree
    expect((await pushing.done).code).not.toBe(0);
    expect(await repoSha("survivor")).toBe(""); // git never got to update the branch
    await touch(join(gates, "gate-survivor"));
    const done = await waitForBuildEnd(host, "survivor");
    expect(done).toMatchObject({ id: running!.id, status: "succeeded", exit_code: 0, rev: sha });
    expect(done.duration_ms).toBeGreaterThan(0);
    const output = await host.dokku(["builds:output", "survivor", done.id]);
    expect(output.code).toBe(0);
    for (const line of [`slow: building survivor (build ${done.id})`, "slow: waiting for the gate", "slow: after the gate 1", "slow: after the gate 2", "slow: done", "=====> Application deployed:"]) {
      expect(output.stdout).toContain(line);
    }
    await waitFor("the runner to update the branch", async () => (await repoSha("survivor")) === sha);
    expect((await host.dokku(["builds:output", "survivor", done.id])).stdout).toContain(`Updated refs/heads/main to ${sha}`);
    expect((await host.dokku(["apps:report", "survivor", "--app-deploy-source"])).stdout.trim()).toBe("git-push");
    await waitFor("the lock to be released", async () => !(await locked("survivor")));
    // The dead receive-pack's quarantine is gone too (its objects were moved into the repo).
    expect((await readdir(join(host.dokkuRoot, "survivor", "objects"))).filter((n) => n.startsWith("tmp_objdir-incoming-"))).toEqual([]);
    // The repository is consistent: the next push is an ordinary fast-forward.
    await rm(join(gates, "slow-survivor"));
    const next = await commitFiles(host, repo, { "b.txt": "b\n" }, "b");
    expect((await push(host, repo, "survivor", "main")).code).toBe(0);
    expect(await repoSha("survivor")).toBe(next);
  }, T);

  test("builds:list, builds:info and builds:report show status, duration, rev and who", async () => {
    const list = await host.dokku(["builds:list", "survivor"]);
    expect(list.code).toBe(0);
    const [header, ...rows] = list.stdout.trim().split("\n");
    expect(header).toMatch(/^Build ID +Kind +Status +PID +Source +Started +Duration +Rev +Who$/);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/ build +succeeded +\d+ +git-hook +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ +\d+s +[0-9a-f]{7} +default$/);
    const [newest] = await listBuilds(host, "survivor");
    const info = await host.dokku(["builds:info", "survivor", newest!.id]);
    expect(info.stdout).toMatch(/^Status: +succeeded$/m);
    expect(info.stdout).toContain(join(host.libRoot, "data", "builds", "survivor", `${newest!.id}.log`));
    expect((await host.dokku(["builds:report", "survivor", "--build-status"])).stdout.trim()).toBe("succeeded");
    expect((await host.dokku(["builds:info", "survivor", "../x"])).stderr).toContain("Invalid build id");
    expect((await host.dokku(["builds:info", "survivor", "current"])).stderr).toContain("No build currently running for survivor");
    expect((await host.dokku(["builds:list", "--status", "succeeded"])).stdout).toContain("survivor");
    expect((await host.dokku(["builds:output", "survivor", "nope"])).stderr).toContain("no such build nope for app survivor");
  }, T);
});

describe("running builds", () => {
  test("a second push while one builds is refused with Dokku's message; the first completes", async () => {
    await touch(join(gates, "slow-racer"));
    const first = await commitFiles(host, repo, { "r.txt": "1\n", ...manyFiles("r") }, "r1");
    const pushing = pushBg("racer");
    await waiting(pushing);
    await commitFiles(host, repo, { "r.txt": "2\n" }, "r2");
    const second = await push(host, repo, "racer", "main");
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain("racer currently has a deploy lock in place. Exiting...");
    expect(second.stderr).toContain("pre-receive hook declined");
    await touch(join(gates, "gate-racer"));
    const r = await pushing.done;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("remote: slow: after the gate 2");
    expect(await repoSha("racer")).toBe(first);
    expect((await listBuilds(host, "racer")).map((b) => b.status)).toEqual(["succeeded"]);
  }, T);

  test("builds:output current follows a running build to its end", async () => {
    await rm(join(gates, "gate-racer"));
    await commitFiles(host, repo, { "r.txt": "3\n" }, "r3");
    const pushing = pushBg("racer");
    await waiting(pushing);
    const following = startDokku(host, ["builds:output", "racer", "current"]);
    await waitFor("builds:output to show the running build", () => following.stdout().includes("slow: waiting for the gate"));
    await touch(join(gates, "gate-racer"));
    const out = await following.done;
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("slow: waiting for the gate");
    expect(out.stdout).toContain("slow: after the gate 1");
    expect(out.stdout).toContain("=====> Application deployed:");
    expect((await pushing.done).code).toBe(0);
    expect((await host.dokku(["builds:output", "racer"])).stdout).toContain("App not currently deploying");
  }, T);

  test("builds:cancel stops a running build, releases the lock, and the next push works", async () => {
    await touch(join(gates, "slow-stopper"));
    await commitFiles(host, repo, { "c.txt": "c\n" }, "c");
    const pushing = pushBg("stopper");
    await waiting(pushing);
    const cancel = await host.dokku(["builds:cancel", "stopper"]);
    expect(cancel.code).toBe(0);
    expect(cancel.stdout).toContain("-----> Killing app deploy");
    const r = await pushing.done;
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("Build canceled with builds:cancel by default");
    const [canceled] = await listBuilds(host, "stopper");
    expect(canceled).toMatchObject({ status: "canceled", display_status: "canceled", exit_code: -1 });
    // A late finalize (a runner that outlived the cancel) never rewrites a canceled record.
    expect((await host.dokku(["plugin:trigger", "builds-record-finalize", "stopper", canceled!.id, "0"])).code).toBe(0);
    expect((await listBuilds(host, "stopper"))[0]).toMatchObject({ id: canceled!.id, status: "canceled", exit_code: -1 });
    expect(await locked("stopper")).toBe(false);
    expect(await readdir(join(host.root, "tmp"))).toEqual([]); // the work directory went too
    expect((await host.dokku(["builds:cancel", "stopper"])).stdout).toContain("App not currently deploying");
    await rm(join(gates, "slow-stopper"));
    expect((await push(host, repo, "stopper", "main")).code).toBe(0);
  }, T);

  test("a runner killed with SIGKILL shows as abandoned and does not block the next push", async () => {
    await touch(join(gates, "slow-orphan"));
    await commitFiles(host, repo, { "o.txt": "o\n" }, "o");
    const pushing = pushBg("orphan");
    await waiting(pushing);
    const [running] = await listBuilds(host, "orphan");
    process.kill(-running!.pid, "SIGKILL"); // the runner leads its own process group
    const r = await pushing.done;
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("stopped without a result");
    expect((await listBuilds(host, "orphan"))[0]).toMatchObject({ status: "running", display_status: "abandoned" });
    expect((await host.dokku(["builds:report", "orphan", "--build-status"])).stdout.trim()).toBe("abandoned");
    expect(await locked("orphan")).toBe(false);
    await rm(join(gates, "slow-orphan"));
    expect((await push(host, repo, "orphan", "main")).code).toBe(0);
    expect((await host.dokku(["builds:prune", "orphan"])).code).toBe(0);
    expect((await listBuilds(host, "orphan")).map((b) => `${b.status}:${b.exit_code}`)).toEqual(["succeeded:0", "failed:-1"]);
  }, T);
});

describe("failures and pruning", () => {
  test("a failing build: status failed, the push exits non-zero and shows the last lines", async () => {
    await touch(join(gates, "fail-failer"));
    await commitFiles(host, repo, { "f.txt": "f\n" }, "f");
    const r = await push(host, repo, "failer", "main");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("remote: slow: failing on purpose");
    expect(r.stderr).toContain("remote: slow: last words");
    expect(r.stderr).toContain("pre-receive hook declined");
    const [failed] = await listBuilds(host, "failer");
    expect(failed).toMatchObject({ status: "failed", exit_code: 7 });
    expect((await host.dokku(["builds:output", "failer", failed!.id])).stdout).toContain("slow: last words");
    expect(existsSync(join(host.dokkuRoot, "failer", "refs", "heads", "main"))).toBe(false);
  }, T);

  test("builds:prune keeps the newest N and never a running build", async () => {
    await touch(join(gates, "slow-survivor"));
    await rm(join(gates, "gate-survivor"));
    await commitFiles(host, repo, { "p.txt": "p\n" }, "p");
    const pushing = pushBg("survivor");
    await waiting(pushing);
    expect((await host.dokku(["builds:prune", "survivor", "--keep", "0"])).stdout).toContain("Pruned 2 build records of survivor");
    expect((await listBuilds(host, "survivor")).map((b) => b.display_status)).toEqual(["running"]);
    await touch(join(gates, "gate-survivor"));
    expect((await pushing.done).code).toBe(0);
    expect((await host.dokku(["builds:prune", "--all-apps", "--keep", "x"])).stderr).toContain("Invalid --keep value");
    expect((await host.dokku(["builds:list"])).stdout.trim()).toBe("No builds currently running");
  }, T);
});
