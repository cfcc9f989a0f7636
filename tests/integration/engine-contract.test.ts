// The DockerEngine contract against a real dockerd: every method of the interface, its expected
// outcomes (absent, not running, already so) as return values, and one environment snapshot for
// both the API and the CLI side. Containers run the offline base image with coreutils only.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DokkuError } from "../../src/core/errors.ts";
import { createDockerEngine } from "../../src/docker/dockerode-engine.ts";
import type { ContainerCreateSpec } from "../../src/docker/engine.ts";
import { TEST_IMAGES, docker as dockerCli, ensureTestImages, requireDocker } from "../_harness/docker.ts";
import { EXERCISED_ELSEWHERE, EngineWorld, snapshot, tempDir, waitFor } from "./_engine.ts";

const skipReason = await requireDocker();
const world = new EngineWorld();
const docker = world.engine;
const quiet = { failure: "Failure in the contract test" };

/** A container of the run; `--init` so SIGTERM stops `sleep` at once. */
function sleeper(extra: Partial<ContainerCreateSpec> = {}): ContainerCreateSpec {
  return { image: TEST_IMAGES.base, command: ["sleep", "infinity"], labels: world.labels(), args: ["--init"], ...extra };
}

async function started(spec: ContainerCreateSpec): Promise<string> {
  const id = await docker.createContainer(spec, quiet);
  expect(await docker.startContainer(id)).toBe("started");
  return id;
}

describe.skipIf(skipReason !== undefined)("DockerEngine contract", () => {
  beforeAll(() => ensureTestImages(), 15 * 60_000);
  afterAll(() => world.sweep(), 120_000);

  test("ping and reachable answer for a live daemon and say why for a dead one", async () => {
    await docker.ping();
    expect(await docker.reachable()).toBe(true);
    const dead = createDockerEngine(snapshot({ DOCKER_HOST: "unix:///nonexistent/docker.sock" }));
    expect(await dead.reachable()).toBe(false);
    expect(dead.ping()).rejects.toThrow("Docker is not available");
  });

  test("create, start, inspect: state, started-at, labels that docker-options cannot override, the IP on bridge", async () => {
    // Value-less --env flags take their values from the CLI's environment, even PATH and HOME.
    const spec = sleeper({
      command: ["/usr/bin/sleep", "infinity"],
      args: ["--init", `--label=com.dokku.app-name=${world.prefix}other`, "--env=FROM_SNAPSHOT", "--env=PATH", "--env=HOME"],
      env: { FROM_SNAPSHOT: "yes", PATH: "/app/bin", HOME: "/app" },
    });
    const id = await docker.createContainer(spec, quiet);
    const created = await docker.inspectContainer(id);
    expect(created).toMatchObject({ id, state: "created", running: false, startedAt: undefined, labels: world.labels(), restartPolicy: "no" });
    expect(await docker.startContainer(id)).toBe("started");
    expect(await docker.startContainer(id)).toBe("already-running");
    const running = await docker.inspectContainer(id);
    expect(running).toMatchObject({ state: "running", running: true, health: "none", tty: false, image: TEST_IMAGES.base });
    expect(Date.parse(running!.startedAt!)).toBeGreaterThan(Date.parse(created!.startedAt ?? "2000-01-01T00:00:00Z"));
    expect(running!.networks.bridge?.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const echoed = await docker.execInContainer(id, ["/usr/bin/printenv", "FROM_SNAPSHOT", "PATH", "HOME"]);
    expect(echoed).toEqual({ code: 0, stdout: "yes\n/app/bin\n/app\n", stderr: "" });
    // Docker's own document (ps:inspect prints it): env values as docker keeps them.
    const document = (await docker.inspectContainerDocument(id)) as { Id: string; Config: { Env: string[] } } | undefined;
    expect(document?.Id).toBe(id);
    expect(document?.Config.Env).toContain("FROM_SNAPSHOT=yes");
    expect(await docker.removeContainer(id, { force: true })).toBe("removed");
    expect(await docker.inspectContainerDocument(id)).toBeUndefined();
  });

  test("a create docker refuses fails with the caller's message and docker's words", async () => {
    const error = await docker.createContainer(sleeper({ args: ["--no-such-flag"] }), quiet).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DokkuError);
    expect((error as Error).message).toStartWith("Failure in the contract test (docker exited with code 125)");
    expect((error as Error).message).toContain("unknown flag: --no-such-flag");
  });

  test("list: names, labels, state, health and each network's IP from one call", async () => {
    const id = await started(sleeper({ name: world.name("listed"), args: ["--init", "--health-cmd", "test -f /tmp/ready", "--health-interval", "1s"] }));
    expect((await docker.execInContainer(id, ["touch", "/tmp/ready"])) as { code: number }).toMatchObject({ code: 0 });
    const healthy = await waitFor("the healthcheck to pass", async () => {
      const listed = (await docker.listContainers({ labels: world.labels() })).find((c) => c.id === id);
      return listed?.health === "healthy" ? listed : undefined;
    });
    const inspected = await docker.inspectContainer(id);
    expect(inspected?.health).toBe("healthy");
    expect(healthy).toMatchObject({ name: inspected!.name, labels: world.labels(), state: "running", image: TEST_IMAGES.base });
    expect(healthy.networks).toEqual({ bridge: { ip: inspected!.networks.bridge!.ip } });
    expect(await docker.stopContainer(id, { timeoutSeconds: 5 })).toBe("stopped");
    const stopped = await docker.listContainers({ labels: world.labels() });
    expect(stopped.find((c) => c.id === id)?.state).toBe("exited");
    expect((await docker.listContainers({ labels: world.labels(), all: false })).some((c) => c.id === id)).toBe(false);
  });

  test("exec: exit code, separate streams, env, user and workdir; a TTY gives one stream; lines can be streamed", async () => {
    const id = await started(sleeper());
    expect(await docker.execInContainer(id, ["bash", "-c", "echo out; echo err >&2; exit 3"])).toEqual({ code: 3, stdout: "out\n", stderr: "err\n" });
    const who = await docker.execInContainer(id, ["bash", "-c", "echo $GREETING $(id -un) $(pwd)"], { env: { GREETING: "hello world" }, user: "nobody", workdir: "/tmp" });
    expect(who).toEqual({ code: 0, stdout: "hello world nobody /tmp\n", stderr: "" });
    const lines: string[] = [];
    const tty = await docker.execInContainer(id, ["bash", "-c", "echo a; echo b >&2"], { tty: true, onLine: (line, stream) => lines.push(`${stream}:${line}`) });
    expect(tty).toMatchObject({ code: 0, stderr: "" });
    expect(lines).toEqual(["stdout:a", "stdout:b"]);
    expect(await docker.killContainer(id, { signal: "SIGKILL" })).toBe("killed");
    expect(await docker.killContainer(id)).toBe("not-running");
    expect(await docker.execInContainer(id, ["true"])).toBe("not-running");
  });

  test("logs: all lines per stream, tail, timestamps, since, follow until exit; wait gives the exit code", async () => {
    // Docker copies stdout and stderr in two goroutines: lines written at once on both streams may
    // be logged in either order, so "three" comes a moment after "two" to be the last line.
    const id = await started({ image: TEST_IMAGES.base, labels: world.labels(), command: ["bash", "-c", "echo one; echo two >&2; sleep 0.3; echo three; exit 7"] });
    expect(await docker.waitContainer(id)).toBe(7);
    const seen: string[] = [];
    expect(await docker.containerLogs(id, {}, (line, stream) => seen.push(`${stream}:${line}`))).toBe("done");
    expect(seen.sort()).toEqual(["stderr:two", "stdout:one", "stdout:three"]);
    const tail: string[] = [];
    await docker.containerLogs(id, { tail: 1 }, (line) => tail.push(line));
    expect(tail).toEqual(["three"]);
    const stamped: string[] = [];
    await docker.containerLogs(id, { timestamps: true }, (line, stream) => stream === "stdout" && stamped.push(line));
    expect(stamped).toHaveLength(2);
    for (const line of stamped) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z (one|three)$/);
    const future: string[] = [];
    await docker.containerLogs(id, { since: new Date(Date.now() + 3_600_000) }, (line) => future.push(line));
    expect(future).toEqual([]);

    const follower = await docker.createContainer({ image: TEST_IMAGES.base, labels: world.labels(), command: ["bash", "-c", "echo first; sleep 1; echo last"] }, quiet);
    const followed: string[] = [];
    expect(await docker.startContainer(follower)).toBe("started");
    expect(await docker.containerLogs(follower, { follow: true }, (line) => followed.push(line))).toBe("done");
    expect(followed).toEqual(["first", "last"]);
  });

  test("attached start and exec run on our own stdio and answer the exit code; a follow ends on abort; info and list's command", async () => {
    const once = await docker.createContainer({ image: TEST_IMAGES.base, labels: world.labels(), command: ["sh", "-c", "exit 3"] }, quiet);
    expect(await docker.attachContainer(once)).toBe(3);
    expect(await docker.attachContainer(once, { interactive: true })).toBe(3);
    const id = await started(sleeper({ command: ["sh", "-c", "echo ready; exec sleep infinity"] }));
    expect(await docker.execAttached(id, ["sh", "-c", "exit 4"])).toBe(4);
    expect(await docker.execAttached(id, ["true"], { interactive: true })).toBe(0);
    expect(await docker.execAttached(`${world.prefix}absent`, ["true"])).not.toBe(0);
    expect((await docker.listContainers({ labels: world.labels() })).find((c) => c.id === id)?.command).toContain("exec sleep infinity");
    expect((await docker.info()).loggingDriver).toMatch(/^[a-z][a-z0-9-]*$/);
    const controller = new AbortController();
    const seen: string[] = [];
    const followed = docker.containerLogs(id, { follow: true, signal: controller.signal }, (line) => {
      seen.push(line);
      controller.abort();
    });
    expect(await followed).toBe("done");
    expect(seen).toEqual(["ready"]);
    expect(await docker.removeContainer(id, { force: true })).toBe("removed");
  });

  test("restart, restart policy, rename, stop and remove, each with its absent outcome", async () => {
    const id = await started(sleeper());
    const before = (await docker.inspectContainer(id))!.startedAt!;
    expect(await docker.restartContainer(id, { timeoutSeconds: 5 })).toBe("restarted");
    const after = await docker.inspectContainer(id);
    expect(after?.running).toBe(true);
    expect(Date.parse(after!.startedAt!)).toBeGreaterThan(Date.parse(before));
    expect(await docker.updateRestartPolicy(id, "on-failure:5")).toBe("updated");
    expect((await docker.inspectContainer(id))?.restartPolicy).toBe("on-failure:5");
    expect(await docker.updateRestartPolicy(id, "no")).toBe("updated");
    expect(() => docker.updateRestartPolicy(id, "sometimes")).toThrow("Invalid restart policy: sometimes");
    const name = world.name("renamed");
    expect(await docker.renameContainer(id, name)).toBe("renamed");
    expect((await docker.inspectContainer(name))?.id).toBe(id);
    expect(await docker.stopContainer(id, { timeoutSeconds: 5 })).toBe("stopped");
    expect(await docker.stopContainer(id)).toBe("not-running");
    expect(await docker.removeContainer(id)).toBe("removed");

    const gone = `${world.prefix}never-created`;
    expect(await docker.inspectContainer(gone)).toBeUndefined();
    for (const outcome of [
      docker.startContainer(gone), docker.stopContainer(gone), docker.killContainer(gone), docker.restartContainer(gone),
      docker.removeContainer(gone), docker.renameContainer(gone, `${gone}-2`), docker.updateRestartPolicy(gone, "no"),
      docker.execInContainer(gone, ["true"]), docker.containerLogs(gone, {}, () => {}),
    ]) {
      expect(await outcome).toBe("absent");
    }
    expect(await docker.waitContainer(gone)).toBeUndefined();
  });

  test("racing a removal: other removals wait for it and find it gone; updates and stops of the going container succeed", async () => {
    for (const id of await Promise.all([1, 2, 3, 4, 5].map(() => started(sleeper({ args: [] }))))) {
      const removals = [1, 2, 3].map(() => docker.removeContainer(id, { force: true }));
      const others = await Promise.all([docker.updateRestartPolicy(id, "no"), docker.stopContainer(id, { timeoutSeconds: 1 })]);
      const outcomes = await Promise.all(removals);
      expect([...new Set(outcomes)].sort()).toEqual(outcomes.includes("absent") ? ["absent", "removed"] : ["removed"]);
      expect(["updated", "absent"]).toContain(others[0]);
      expect(["stopped", "not-running", "absent"]).toContain(others[1]);
      expect(await docker.inspectContainer(id)).toBeUndefined();
    }
  });

  test("images: build through the CLI, inspect, list, tag, commit, remove; in-use and absent outcomes", async () => {
    await using context = await tempDir({ Dockerfile: `FROM ${TEST_IMAGES.base}\nARG GREETING\nRUN echo "$GREETING" > /greeting\nEXPOSE 5000\nENTRYPOINT ["/usr/bin/env"]\nCMD ["sleep", "60"]\n` });
    const image = `dokku/${world.prefix}img:latest`;
    await docker.buildImage(
      { context: context.path, tags: [image], labels: { ...world.labels(), "com.dokku.image-stage": "build" }, args: ["--build-arg", "GREETING", `--label=com.dokku.app-name=${world.prefix}other`], env: { GREETING: "from env" } },
      quiet,
    );
    const info = await docker.inspectImage(image);
    expect(info).toMatchObject({ tags: [image], labels: { ...world.labels(), "com.dokku.image-stage": "build" }, exposedPorts: ["5000/tcp"], entrypoint: ["/usr/bin/env"], cmd: ["sleep", "60"] });
    expect(await docker.inspectImage(`dokku/${world.prefix}none:latest`)).toBeUndefined();
    const listed = await docker.listImages({ labels: world.labels() });
    expect(listed.find((i) => i.id === info!.id)).toMatchObject({ tags: [image], labels: { "com.dokku.image-stage": "build" } });

    const id = await started(sleeper({ image }));
    expect(await docker.execInContainer(id, ["cat", "/greeting"])).toEqual({ code: 0, stdout: "from env\n", stderr: "" });
    const committed = await docker.commitContainer(id, { repo: `dokku/${world.prefix}img`, tag: "committed", changes: ["LABEL com.dokku.image-stage=release"] });
    expect((await docker.inspectImage(`dokku/${world.prefix}img:committed`))?.id).toBe(committed);
    expect((await docker.inspectImage(committed))?.labels["com.dokku.image-stage"]).toBe("release");
    expect(await docker.removeImage(image)).toBe("in-use");

    const alias = `dokku/${world.prefix}img:2`;
    expect(await docker.tagImage(image, alias)).toBe("tagged");
    expect((await docker.inspectImage(alias))?.id).toBe(info!.id);
    expect(await docker.tagImage(`dokku/${world.prefix}none:latest`, alias)).toBe("absent");
    expect(await docker.removeImage(alias)).toBe("removed");
    expect(await docker.removeImage(alias)).toBe("absent");

    const failed = await docker.buildImage({ context: context.path, dockerfile: "/nonexistent/Dockerfile", tags: [image], labels: world.labels() }, quiet).catch((e: unknown) => e);
    expect((failed as Error).message).toStartWith("Failure in the contract test (docker exited with code");
  });

  test("pull reports an unreachable registry with the caller's message; load reads a tarball from stdin", async () => {
    const pulled = await docker.pullImage("127.0.0.1:1/nothing:latest", quiet).catch((e: unknown) => e);
    expect(pulled).toBeInstanceOf(DokkuError);
    expect((pulled as Error).message).toStartWith("Failure in the contract test\n  ");

    const image = `dokku/${world.prefix}load:latest`;
    await using context = await tempDir({ Dockerfile: `FROM ${TEST_IMAGES.base}\n` });
    await docker.buildImage({ context: context.path, tags: [image], labels: world.labels() }, quiet);
    const tar = join(context.path, "image.tar");
    expect((await dockerCli(["image", "save", "--output", tar, image])).code).toBe(0);
    expect(await docker.removeImage(image)).toBe("removed");
    const loaded = spawnSync(process.execPath, [join(import.meta.dir, "_engine-load.ts")], { input: await readFile(tar), encoding: "utf8" });
    expect({ code: loaded.status, stdout: loaded.stdout }).toMatchObject({ code: 0, stdout: expect.stringContaining(`Loaded image: ${image}`) });
    expect(await docker.inspectImage(image)).toBeDefined();
    world.called.add("loadImage"); // called by the child process, whose stdin is the tarball
  });

  test("networks: create, inspect, list, connect with aliases (the IP shows on the container), disconnect, remove", async () => {
    const network = world.name("net");
    expect(await docker.createNetwork(network, { labels: world.labels(), attachable: true })).toBe("created");
    expect(await docker.createNetwork(network, { labels: world.labels() })).toBe("exists");
    expect(await docker.inspectNetwork(network)).toMatchObject({ name: network, driver: "bridge", labels: world.labels(), containers: {} });
    expect((await docker.listNetworks({ labels: world.labels() })).map((n) => n.name)).toContain(network);
    expect((await docker.listNetworks()).map((n) => n.name)).toContain("bridge");

    const id = await started(sleeper());
    expect(await docker.connectNetwork(network, id, { aliases: ["web.alias"] })).toBe("connected");
    expect(await docker.connectNetwork(network, id)).toBe("already-connected");
    const attached = (await docker.inspectContainer(id))!.networks[network]!;
    expect(attached.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(attached.aliases).toContain("web.alias");
    expect((await docker.inspectNetwork(network))!.containers[id]).toEqual({ name: (await docker.inspectContainer(id))!.name, ip: attached.ip });
    expect((await docker.listContainers({ labels: world.labels() })).find((c) => c.id === id)?.networks[network]).toEqual({ ip: attached.ip });
    expect(await docker.disconnectNetwork(network, id)).toBe("disconnected");
    expect(await docker.disconnectNetwork(network, id)).toBe("not-connected");
    expect(await docker.removeNetwork(network)).toBe("removed");
    for (const outcome of [docker.removeNetwork(network), docker.connectNetwork(network, id), docker.disconnectNetwork(network, id)]) expect(await outcome).toBe("absent");
    expect(await docker.inspectNetwork(network)).toBeUndefined();
  });

  test("volumes: create with labels, inspect, remove, absent", async () => {
    const volume = world.name("vol");
    await docker.createVolume(volume, world.labels());
    expect(await docker.inspectVolume(volume)).toEqual({ name: volume, labels: world.labels() });
    expect(await docker.removeVolume(volume)).toBe("removed");
    expect(await docker.removeVolume(volume, { force: true })).toBe("absent");
    expect(await docker.inspectVolume(volume)).toBeUndefined();
  });

  test("DOCKER_HOST from the snapshot reaches the API and the CLI alike, whatever the process environment says", async () => {
    await using alias = await world.socketAlias();
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = "unix:///nonexistent/docker.sock"; // what docker-modem would read by itself
    try {
      const both = createDockerEngine(snapshot({ DOCKER_HOST: `unix://${alias.path}` }));
      await both.ping();
      const id = await both.createContainer(sleeper(), quiet);
      expect((await both.inspectContainer(id))?.id).toBe(id);
      expect(await both.removeContainer(id, { force: true })).toBe("removed");
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
    const neither = createDockerEngine(snapshot({ DOCKER_HOST: "unix:///nonexistent/docker.sock" }));
    expect(await neither.reachable()).toBe(false);
    const refused = await neither.createContainer(sleeper(), quiet).catch((e: unknown) => e);
    expect((refused as Error).message).toContain("/nonexistent/docker.sock");
  });

  test("every method of the interface was exercised above", () => {
    expect([...world.called, ...EXERCISED_ELSEWHERE].filter((k) => k in world.raw).sort()).toEqual(Object.keys(world.raw).sort());
  });
});
