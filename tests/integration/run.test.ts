// `dokku run` on the compiled binary against real Docker: images built from the fixture apps by
// the real pipeline (null scheduler, so the build stops at the release), then run by the
// docker-local scheduler. Config, -e, the Procfile, /exec for herokuish, TTYs, exit codes.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { TEST_IMAGES, docker, requireDocker } from "../_harness/docker.ts";
import { dokkuCommand } from "../_harness/host.ts";
import { BuilderWorld } from "./_builders.ts";
import { dokkuInTty, waitFor } from "./_oneoff.ts";

const skip = await requireDocker();
const world = new BuilderWorld();
let herokuish: string;
let dockerfile: string;

/** A minimal Dockerfile app (the dockerfile-hello fixture with its Dockerfile cut down to the base image). */
const MINIMAL_DOCKERFILE = `FROM ${TEST_IMAGES.base}\nCMD ["sleep", "infinity"]\n`;

describe.skipIf(skip !== undefined)("run", () => {
  beforeAll(async () => {
    await world.start();
    expect((await world.host.dokku(["scheduler:set", "--global", "selected", "null"])).code).toBe(0);
    herokuish = await world.createApp("run-hk");
    dockerfile = await world.createApp("run-df");
    expect((await world.deployArchive(herokuish, "buildpack-procfile")).code).toBe(0);
    expect((await world.deployArchive(dockerfile, "dockerfile-hello", { Dockerfile: MINIMAL_DOCKERFILE })).code).toBe(0);
    for (const app of [herokuish, dockerfile]) expect((await world.host.dokku(["scheduler:set", app, "selected", "docker-local"])).code).toBe(0);
    // The committed Procfile a docker-local deploy leaves (the null scheduler commits nothing).
    const ps = join(world.host.libRoot, "data", "ps", herokuish);
    await mkdir(ps, { recursive: true });
    await writeFile(join(ps, "Procfile"), "web: ./web.sh\nworker: ./worker.sh\nhello: echo procfile says $GREETING\n");
    expect((await world.host.dokku(["config:set", "--no-restart", "--global", "GLOBAL_ONE=g"])).code).toBe(0);
    expect((await world.host.dokku(["config:set", "--no-restart", herokuish, "GREETING=hi there", "SECRET=s3cret"])).code).toBe(0);
    expect((await world.host.dokku(["config:set", "--no-restart", dockerfile, "SECRET=s3cret"])).code).toBe(0);
  }, 15 * 60_000);
  afterAll(() => world.stop(), 180_000);

  test("the app's merged config, -e values and DYNO reach the container; stdout and stderr stay apart", async () => {
    const r = await world.host.dokku(["run", "-e", "EXTRA=from flag", dockerfile, "sh", "-c", 'echo "$SECRET|$GLOBAL_ONE|$EXTRA|$DYNO"; echo to-stderr >&2']);
    expect(r.stdout).toMatch(/^s3cret\|g\|from flag\|run\.\d+\n$/);
    expect(r.stderr).toBe("to-stderr\n");
    expect(r.code).toBe(0);
  }, 120_000);

  test("the exit code is the container's, and the container is gone afterwards", async () => {
    const r = await world.host.dokku(["run", dockerfile, "sh", "-c", "exit 7"]);
    expect(r).toEqual({ code: 7, stdout: "", stderr: "" });
    const left = await docker(["ps", "-aq", "--filter", `label=com.dokku.app-name=${dockerfile}`, "--filter", "label=com.dokku.container-type=run"]);
    expect(left.stdout.trim()).toBe("");
  }, 120_000);

  test("output streams while the container runs; a signal to dokku reaches the container", async () => {
    const [bin, ...pre] = dokkuCommand();
    const script = "trap 'echo got TERM; exit 0' TERM; echo first; while true; do sleep 1; done";
    const child = spawn(bin!, [...pre, "run", dockerfile, "sh", "-c", script], { env: world.host.env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    await waitFor("the first line, with the container still running", async () => (out === "first\n" && child.exitCode === null ? true : undefined));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(out).toBe("first\ngot TERM\n");
  }, 120_000);

  test("words after the app are the command's, flags included; a -- separates them too", async () => {
    expect((await world.host.dokku(["run", dockerfile, "ls", "-d", "/etc"])).stdout).toBe("/etc\n");
    expect((await world.host.dokku(["run", dockerfile, "--", "printf", "%s,", "--help", "-x"])).stdout).toBe("--help,-x,");
  }, 120_000);

  test("herokuish images run through /exec as the app user; a Procfile type runs its command", async () => {
    const user = await world.host.dokku(["run", herokuish, "printenv", "USER", "SECRET"]);
    expect(user).toEqual({ code: 0, stdout: "herokuishuser\ns3cret\n", stderr: "" });
    const procfile = await world.host.dokku(["run", herokuish, "hello"]);
    expect(procfile.stdout).toBe("-----> Found 'hello' in Procfile, running that command\nprocfile says hi there\n");
    expect(procfile.code).toBe(0);
  }, 120_000);

  test("a TTY when stdin and stdout are terminals, none otherwise or with --no-tty", async () => {
    const tty = await dokkuInTty(world.host, ["run", dockerfile, "tty"]);
    expect(tty.stdout).toContain("/dev/pts/");
    expect(tty.code).toBe(0);
    const piped = await world.host.dokku(["run", dockerfile, "tty"]);
    expect(piped).toMatchObject({ code: 1, stdout: "not a tty\n" });
    const refused = await dokkuInTty(world.host, ["run", "--no-tty", dockerfile, "tty"]);
    expect(refused.stdout).toContain("not a tty");
    expect(refused.code).toBe(1);
    const forced = await world.host.dokku(["run", "--force-tty", dockerfile, "tty"]);
    expect(forced.stdout).toContain("/dev/pts/");
  }, 120_000);

  test("only a released image runs", async () => {
    const app = await world.createApp("run-unreleased");
    expect((await world.host.dokku(["scheduler:set", app, "selected", "docker-local"])).code).toBe(0);
    expect(await world.host.dokku(["run", app, "true"])).toEqual({
      code: 1, stdout: "", stderr: ` !     App ${app} has not been deployed: image dokku/${app}:latest does not exist\n`,
    });
    expect((await docker(["image", "tag", TEST_IMAGES.base, `dokku/${app}:latest`])).code).toBe(0);
    try {
      expect(await world.host.dokku(["run", app, "true"])).toEqual({ code: 1, stdout: "", stderr: " !     Invalid image stage detected: expected 'release', got ''\n" });
    } finally {
      await docker(["image", "rm", `dokku/${app}:latest`]);
    }
  }, 120_000);

  test("bad input is one clear line and a non-zero exit", async () => {
    const refused = async (args: string[], message: string, code = 1) =>
      expect(await world.host.dokku(args)).toEqual({ code, stdout: "", stderr: ` !     ${message}\n` });
    await refused(["run", `${world.prefix}missing`, "true"], `App ${world.prefix}missing does not exist`, 20);
    await refused(["run"], "Please specify an app to run the command on");
    await refused(["run", "--bogus", dockerfile, "true"], "Unknown flag --bogus: run's flags go before the app name, the command after it");
    await refused(["run", "-e", "NOT VALID", dockerfile, "true"], 'Invalid environment variable "NOT VALID": expected KEY=VALUE');
    await refused(["run", "--ttl-seconds", "soon", dockerfile, "true"], 'Invalid --ttl-seconds value "soon": expected a whole number of seconds, at least 1');
    await refused(["run", "--no-tty", "--force-tty", dockerfile, "true"], "Cannot specify both --force-tty and --no-tty");
    await refused(["run:detached", `${world.prefix}missing`, "true"], `App ${world.prefix}missing does not exist`, 20);
  }, 120_000);
});
