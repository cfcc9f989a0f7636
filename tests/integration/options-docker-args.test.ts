// The flags storage, resource and docker-options print through docker-args-deploy and
// docker-args-process-deploy, split as the scheduler splits them (xargs rules, no shell), are
// real docker flags: `docker container create` takes them and the container carries the mounts,
// limits and labels asked for. Also storage's docker side: named volumes and storage:exec.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { splitXargs } from "../../src/cli/ssh-command.ts";
import { RUN_LABEL, TEST_IMAGES, docker, ensureTestImages, newRunId, requireDocker, runLabelFlags, sweepDocker } from "../_harness/docker.ts";
import { createTestHost, type RunResult, type TestHost } from "../_harness/host.ts";

const skip = await requireDocker();
const runId = newRunId();
const app = `it-${runId}-opts`;
let host: TestHost;

function ok(r: RunResult, what: string): RunResult {
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r;
}
const dokku = async (...argv: string[]) => ok(await host.dokku(argv), argv.join(" "));

beforeAll(async () => {
  if (skip) return;
  await ensureTestImages();
  host = await createTestHost();
  await dokku("apps:create", app);
}, 15 * 60_000);
afterAll(async () => {
  if (skip) return;
  await sweepDocker(runId, `it-${runId}-`);
  await host?.[Symbol.asyncDispose]();
});

interface Inspected {
  Mounts: { Type: string; Source: string; Destination: string; RW: boolean; Name?: string }[];
  HostConfig: { Memory: number; MemorySwap: number; MemoryReservation: number; NanoCpus: number; ShmSize: number };
  Config: { Labels: Record<string, string> };
}

describe.skipIf(Boolean(skip))("docker-args fragments are docker flags", () => {
  test("mounts, limits and labels reach the created container", async () => {
    const spaced = join(host.root, "dir with space");
    await mkdir(spaced);
    await dokku("storage:mount", app, `${spaced}:/mnt/spaced:ro`);
    await dokku("storage:create", "--label", `${RUN_LABEL}=${runId}`, `it-${runId}-vol`, `it-${runId}-vol`);
    await dokku("storage:mount", app, `it-${runId}-vol`, "--container-dir", "/cache", "--volume-subpath", "sub");
    await dokku("storage:create", `it-${runId}-dir`);
    await dokku("storage:mount", app, `it-${runId}-dir`, "--container-dir", "/data", "--process-type", "web");
    await dokku("resource:limit", "--memory", "64", "--memory-swap", "128", "--cpu", "0.5", app);
    await dokku("resource:reserve", "--memory", "32", app);
    await dokku("docker-options:add", app, "deploy", "--label 'com.example.note=two words'", "--shm-size 16m");
    await dokku("docker-options:add", "--process", "web", app, "deploy", "--label com.example.proc=web");
    // The named volume needs its subpath to exist before docker mounts it.
    ok(await docker(["run", "--rm", ...runLabelFlags(runId), "-v", `it-${runId}-vol:/v`, TEST_IMAGES.base, "mkdir", "-p", "/v/sub"]), "mkdir sub");

    const fragments = [
      (await dokku("plugin:trigger", "docker-args-deploy", app, "latest", "web", "1")).stdout,
      (await dokku("plugin:trigger", "docker-args-process-deploy", app, "dockerfile", "latest", "web", "1")).stdout,
    ].join(" ");
    const args = splitXargs(fragments);
    const created = ok(await docker(["container", "create", ...runLabelFlags(runId), ...args, TEST_IMAGES.base, "true"]), `docker create ${args.join(" ")}`);
    const id = created.stdout.trim();
    const [info] = JSON.parse(ok(await docker(["container", "inspect", id]), "inspect").stdout) as Inspected[];

    const mounts = Object.fromEntries(info!.Mounts.map((m) => [m.Destination, m]));
    expect(mounts["/mnt/spaced"]).toMatchObject({ Type: "bind", Source: spaced, RW: false });
    expect(mounts["/data"]).toMatchObject({ Type: "bind", Source: join(host.libRoot, "data", "storage", `it-${runId}-dir`), RW: true });
    expect(mounts["/cache"]).toMatchObject({ Type: "volume", Name: `it-${runId}-vol` });
    expect(info!.HostConfig).toMatchObject({
      Memory: 64 * 1024 ** 2, MemorySwap: 128 * 1024 ** 2, MemoryReservation: 32 * 1024 ** 2, NanoCpus: 500_000_000, ShmSize: 16 * 1024 ** 2,
    });
    expect(info!.Config.Labels).toMatchObject({ "com.example.note": "two words", "com.example.proc": "web" });
  });

  test("storage:create makes a labelled docker volume; destroy removes only a volume it made", async () => {
    const volume = `it-${runId}-made`;
    await dokku("storage:create", "--label", `${RUN_LABEL}=${runId}`, volume, volume);
    const labels = JSON.parse(ok(await docker(["volume", "inspect", volume, "--format", "{{json .Labels}}"]), "inspect").stdout);
    expect(labels).toMatchObject({ "com.dokku.storage-entry": volume, [RUN_LABEL]: runId });
    await dokku("storage:destroy", volume, "--force", "--destroy-host-dir");
    expect((await docker(["volume", "inspect", volume])).code).not.toBe(0);

    const foreign = `it-${runId}-foreign`;
    ok(await docker(["volume", "create", ...runLabelFlags(runId), foreign]), "volume create");
    await dokku("storage:create", foreign, foreign);
    const refused = await host.dokku(["storage:destroy", foreign, "--force", "--destroy-host-dir"]);
    expect(refused).toEqual({
      code: 1,
      stdout: "",
      stderr: ` !     Refusing to remove docker volume ${foreign}: it was not created by storage:create for entry ${foreign}\n`,
    });
    expect((await docker(["volume", "inspect", foreign])).code).toBe(0);
  });

  test("storage:exec runs a command with the entry at /data as the entry's owner and returns its exit code", async () => {
    const entry = `it-${runId}-exec`;
    await dokku("storage:create", "--chown", "heroku", entry);
    const r = await host.dokku(["storage:exec", "--image", TEST_IMAGES.base, entry, "--", "sh", "-c", "id -u; echo hi > /data/marker; exit 42"]);
    expect(r.code).toBe(42);
    expect(r.stdout).toBe("1000\n");
    const marker = join(host.libRoot, "data", "storage", entry, "marker");
    expect(await readFile(marker, "utf8")).toBe("hi\n");
    expect((await stat(marker)).uid).toBe(1000);
    const bad = await host.dokku(["storage:exec", "--image", TEST_IMAGES.base, entry, "--as-user", "bob", "--", "true"]);
    expect(bad).toEqual({ code: 1, stdout: "", stderr: ' !     Invalid --as-user value "bob": expected a numeric uid\n' });
    expect(await host.dokku(["storage:exec", `it-${runId}-none`, "--", "true"])).toEqual({
      code: 1, stdout: "", stderr: ` !     storage entry "it-${runId}-none" does not exist\n`,
    });
  });
});
