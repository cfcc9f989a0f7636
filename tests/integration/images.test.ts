// The offline test images and fixture apps, driven by hand with the docker CLI the way Dokku drives
// them (dokku-reference.md 6.3 and 6.4), before any builder plugin is involved.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cp, mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunResult } from "../_harness/host.ts";
import {
  FIXTURE_APPS_DIR, TEST_IMAGES, docker, ensureTestImages, newRunId, publishedPort, requireDocker, runLabelFlags,
  sweepDocker, waitForHttp,
} from "../_harness/docker.ts";

const skip = await requireDocker();
const runId = newRunId();
const labels = runLabelFlags(runId);
const BUILD_LABELS = ["--label=dokku", "--label=org.label-schema.schema-version=1.0", "--label=org.label-schema.vendor=dokku", "--label=com.dokku.image-stage=build"];
const scratch: string[] = [];

// Dokku's builder-herokuish Dockerfiles (copy-source, pre-build, release), reproduced for the flow.
const COPY_SOURCE = `ARG APP_IMAGE\nFROM $APP_IMAGE\nARG DOKKU_APP_USER=herokuishuser\nARG TRACE=false\nRUN TRACE=$TRACE USER=$DOKKU_APP_USER /exec true\nCOPY --chown=$DOKKU_APP_USER . /app\nWORKDIR /app\nENV HEROKUISH_DISABLE_CHOWN=true\n`;
const PRE_BUILD = "ARG APP_IMAGE\nFROM $APP_IMAGE\nCOPY .env.d /tmp/env\nCOPY .env /app/.env\n";
const RELEASE = `ARG APP_IMAGE\nFROM $APP_IMAGE\nARG DOKKU_APP_USER=herokuishuser\nCOPY --chown=$DOKKU_APP_USER 00-global-env.sh 01-app-env.sh /app/.profile.d/\nRUN find /app \\( \\! -user "$DOKKU_APP_USER" -o \\! -group "$DOKKU_APP_USER" \\) -print0 | xargs -0 -r chown "$DOKKU_APP_USER:$DOKKU_APP_USER"\nUSER $DOKKU_APP_USER\nENV HEROKUISH_SETUIDGUID=false\n`;

async function tempDir(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "dokku-it-images-"));
  scratch.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, ".."), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

function ok(r: RunResult, what: string): RunResult {
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** copy-source + pre-build + `/build` in a container with the cache volume + commit + release. */
async function herokuishBuild(fixture: string, app: string, config: Record<string, string> = {}): Promise<{ code: number; output: string; image: string }> {
  const image = `dokku/${app}:latest`;
  const source = await tempDir();
  await cp(join(FIXTURE_APPS_DIR, fixture), source, { recursive: true });
  await rm(join(source, ".dockerignore"), { force: true });
  const dockerfiles = await tempDir({ "copy-source.Dockerfile": COPY_SOURCE, "pre-build.Dockerfile": PRE_BUILD });
  const build = (file: string, context: string) =>
    docker(["image", "build", ...labels, ...BUILD_LABELS, "--label=com.dokku.builder-type=herokuish", `--label=com.dokku.app-name=${app}`,
      "-f", join(dockerfiles, file), "--build-arg", `APP_IMAGE=${file.startsWith("copy") ? TEST_IMAGES.herokuish : image}`,
      "--build-arg", "DOKKU_APP_USER=herokuishuser", "--tag", image, context]);
  ok(await build("copy-source.Dockerfile", source), "copy-source build");

  const envFiles: Record<string, string> = { ".env": Object.entries(config).map(([k, v]) => `${k}=${v}\n`).join("") };
  for (const [k, v] of Object.entries(config)) envFiles[`.env.d/${k}`] = v;
  const preBuild = await tempDir(envFiles);
  await mkdir(join(preBuild, ".env.d"), { recursive: true });
  ok(await build("pre-build.Dockerfile", preBuild), "pre-build build");

  const volume = `cache-${app}`;
  ok(await docker(["volume", "create", ...labels, `--label=com.dokku.app-name=${app}`, volume]), "volume create");
  const create = ok(await docker(["container", "create", ...labels, ...BUILD_LABELS, `--label=com.dokku.app-name=${app}`,
    "-v", `${volume}:/cache`, "--env=CACHE_PATH=/cache", "--env=USER=herokuishuser", image, "/build"]), "container create");
  const cid = create.stdout.trim();
  const run = await docker(["container", "start", "--attach", cid], { timeoutMs: 300_000 });
  if (run.code === 0) ok(await docker(["container", "commit", "--change", "LABEL com.dokku.image-stage=build", cid, image]), "commit");
  await docker(["container", "rm", "-f", cid]);
  if (run.code === 0) {
    const exports = Object.entries(config).map(([k, v]) => `export ${k}='${v}'\n`).join("");
    const release = await tempDir({ Dockerfile: RELEASE, "00-global-env.sh": "", "01-app-env.sh": exports });
    ok(await docker(["image", "build", ...labels, "--label=com.dokku.image-stage=release", "--build-arg", `APP_IMAGE=${image}`, "--tag", image, release]), "release build");
  }
  return { code: run.code, output: run.stdout + run.stderr, image };
}

/** `docker run -d` of an image with PORT=5000 published on 127.0.0.1; returns the container id. */
async function runWeb(image: string, command: string[] = []): Promise<{ id: string; url: string }> {
  const r = ok(await docker(["run", "-d", ...labels, "-p", "127.0.0.1::5000", "-e", "PORT=5000", image, ...command]), "docker run");
  const id = r.stdout.trim();
  return { id, url: `http://127.0.0.1:${await publishedPort(id, 5000)}` };
}

async function waitForLog(container: string, text: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let logs = "";
  while (Date.now() < deadline) {
    const r = await docker(["logs", container]);
    logs = r.stdout + r.stderr;
    if (logs.includes(text)) return logs;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`"${text}" not in logs of ${container} within ${timeoutMs} ms:\n${logs}`);
}

const lastLine = (text: string) => text.trimEnd().split("\n").at(-1) ?? "";

describe.skipIf(skip !== undefined)("offline test images", () => {
  beforeAll(async () => {
    if (process.env.CI) await sweepDocker(runId);
    await ensureTestImages();
  }, { timeout: 20 * 60_000 });
  afterAll(async () => {
    await sweepDocker(runId);
    await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
  }, { timeout: 120_000 });

  test("the base image runs commands and reaches Debian's package mirror over http", async () => {
    const r = await docker(["run", "--rm", ...labels, TEST_IMAGES.base, "bash", "-c", "apt-get update -qq && apt-cache policy busybox | grep -c Candidate"]);
    expect({ code: r.code, out: r.stdout.trim() }).toEqual({ code: 0, out: "1" });
  }, 120_000);

  test("the herokuish image has herokuish's entry points, user and buildpacks", async () => {
    const r = await docker(["run", "--rm", ...labels, TEST_IMAGES.herokuish, "bash", "-c", "readlink /build /start /exec; id -u herokuishuser; ls /tmp/buildpacks"]);
    expect(r.stdout.trim().split("\n")).toEqual([
      "/bin/herokuish", "/bin/herokuish", "/bin/herokuish", "32767", "00_buildpack-multi", "01_buildpack-procfile-shell", "02_buildpack-static-http", "03_buildpack-apt",
    ]);
  });

  test("buildpack-procfile: /build, commit, /start web serves the body; a second build uses the cache", async () => {
    const app = `it-${runId}-procfile`;
    const first = await herokuishBuild("buildpack-procfile", app, { GREETING: "hello from config" });
    expect(first.code).toBe(0);
    expect(first.output).toContain("-----> Procfile-Shell app detected");
    expect(first.output).toContain("Procfile declares types -> web, worker");
    expect(first.output).toContain("-----> Creating cache");

    const web = await runWeb(first.image, ["/start", "web"]);
    expect(await waitForHttp(`${web.url}/`)).toBe("buildpack-procfile\n");
    const env = await waitForHttp(`${web.url}/cgi-bin/env`);
    expect(env).toContain("GREETING=hello from config");
    expect(env).toContain("USER=herokuishuser");

    const worker = ok(await docker(["run", "-d", ...labels, first.image, "/start", "worker"]), "worker run").stdout.trim();
    await waitForLog(worker, "buildpack-procfile worker started");

    const second = await herokuishBuild("buildpack-procfile", app);
    expect(second.code).toBe(0);
    expect(second.output).toContain("-----> Using cache");
  }, 300_000);

  test("multi-buildpack: .buildpacks runs both buildpacks in order", async () => {
    const built = await herokuishBuild("multi-buildpack", `it-${runId}-multi`);
    expect(built.code).toBe(0);
    expect(built.output).toContain("=====> Detected Framework: Procfile-Shell");
    expect(built.output).toContain("=====> Detected Framework: Static-HTTP");
    const web = await runWeb(built.image, ["/start", "web"]);
    expect(await waitForHttp(`${web.url}/`)).toBe("multi-buildpack\n");
  }, 300_000);

  test("buildpack-apt: Debian packages vendored at build time run in the app; a rebuild reuses them", async () => {
    const app = `it-${runId}-apt`;
    const first = await herokuishBuild("buildpack-apt", app);
    expect(first.code).toBe(0);
    expect(first.output).toContain("-----> Fetching .debs for jq");
    const web = await runWeb(first.image, ["/start", "web"]);
    expect(await waitForHttp(`${web.url}/`)).toBe("buildpack-apt\n");
    expect(await waitForHttp(`${web.url}/jq.txt`)).toBe('"jq works"\n');

    const second = await herokuishBuild("buildpack-apt", app);
    expect(second.code).toBe(0);
    expect(second.output).toContain("-----> Reusing cache");
    expect(second.output).not.toContain("Fetching .debs");
  }, 300_000);

  test("buildpack-static: the buildpack's default web process is written to the Procfile", async () => {
    const built = await herokuishBuild("buildpack-static", `it-${runId}-static`);
    expect(built.code).toBe(0);
    expect(built.output).toContain("Default types for Static-HTTP -> web");
    const web = await runWeb(built.image, ["/start", "web"]);
    expect(await waitForHttp(`${web.url}/`)).toBe("buildpack-static\n");
  }, 300_000);

  test("failing-build: /build exits non-zero and its last line names the failure", async () => {
    const built = await herokuishBuild("failing-build", `it-${runId}-failing`);
    expect(built.code).not.toBe(0);
    expect(lastLine(built.output).trim()).toBe("failing-build: intentional build failure");
  }, 300_000);

  test("dockerfile-hello: docker build with a build arg, EXPOSE 5000, served on PORT", async () => {
    const app = `it-${runId}-dockerfile`;
    const image = `dokku/${app}:latest`;
    const r = await docker(["image", "build", ...labels, ...BUILD_LABELS, "--label=com.dokku.builder-type=dockerfile", `--label=com.dokku.app-name=${app}`,
      "--build-arg", "BUILD_MESSAGE", "--tag", image, join(FIXTURE_APPS_DIR, "dockerfile-hello")], { env: { BUILD_MESSAGE: "from config" }, timeoutMs: 300_000 });
    ok(r, "docker build");
    const exposed = await docker(["image", "inspect", "--format", "{{json .Config.ExposedPorts}}", image]);
    expect(exposed.stdout.trim()).toBe('{"5000/tcp":{}}');
    const web = await runWeb(image);
    expect(await waitForHttp(`${web.url}/`)).toBe("dockerfile-hello\n");
    expect(await waitForHttp(`${web.url}/build-arg.txt`)).toBe("from config\n");
    expect((await fetch(`${web.url}/ignored.txt`)).status).toBe(404);
  }, 300_000);

  test("failing-dockerfile: docker build fails and shows the failing step's message", async () => {
    // --force-rm: the legacy builder otherwise keeps the failed step's container, which has no run label.
    const r = await docker(["image", "build", "--force-rm", ...labels, "--tag", `dokku/it-${runId}-faildf:latest`, join(FIXTURE_APPS_DIR, "failing-dockerfile")]);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain("failing-dockerfile: intentional build failure");
  }, 300_000);
});
