// dokku-postgres, unchanged, on the bash plugin API: installed with plugin:install from its git
// bundle (install trigger, sudoers file, image checks against the offline images named in
// .dokkurc), then a service's whole life against a deployed app on the docker-local scheduler:
// create, info, link (DATABASE_URL, --link docker options, the app restarted, a query over the
// link), export/import, unlink, apps:destroy of a linked app, destroy, plugin:uninstall.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { docker, requireDocker } from "../_harness/docker.ts";
import { SERVICE_IMAGES, bundlePath, dokkuFromFile, dokkuToFile, pluginRepoUrl, preserveFile, writeDokkurc } from "../_harness/community.ts";
import { DeployWorld } from "./_deploy.ts";

const skip = (await requireDocker()) ?? (bundlePath("dokku-postgres") ? undefined : "no dokku-postgres bundle");
if (skip) process.stderr.write(`SKIP community-postgres: ${skip}\n`);

const SUDOERS = "/etc/sudoers.d/dokku-postgres";
const world = new DeployWorld();
const service = `${world.prefix}db`;
const container = `dokku.postgres.${service}`;
let app: string;
let restoreSudoers: (() => Promise<void>) | undefined;

async function webContainer(name: string): Promise<string> {
  return (await readFile(join(world.host.dokkuRoot, name, "CONTAINER.web.1"), "utf8")).trim();
}

/** The container's environment, as docker inspect reports it. */
async function containerEnv(id: string): Promise<string[]> {
  const r = await docker(["container", "inspect", "--format", "{{json .Config.Env}}", id]);
  return JSON.parse(r.stdout) as string[];
}

/** psql run inside the network namespace (and so with the /etc/hosts links) of a container. */
function psqlFrom(id: string, url: string, sql: string) {
  return docker(["run", "--rm", "--network", `container:${id}`, "--entrypoint", "psql", SERVICE_IMAGES.postgres, url, "-tAc", sql]);
}

describe.skipIf(Boolean(skip))("dokku-postgres, installed unchanged", () => {
  beforeAll(async () => {
    await world.start();
    restoreSudoers = await preserveFile(SUDOERS);
    const [image, version] = SERVICE_IMAGES.postgres.split(":");
    await writeDokkurc(world.host, "test-images", {
      POSTGRES_IMAGE: image!,
      POSTGRES_IMAGE_VERSION: version!,
      POSTGRES_DISABLE_PULL: "true",
      PLUGIN_WAIT_IMAGE: SERVICE_IMAGES.wait,
      PLUGIN_BUSYBOX_IMAGE: "dokku-test/debian:bookworm",
      PLUGIN_AMBASSADOR_IMAGE: "dokku-test/debian:bookworm",
      PLUGIN_S3BACKUP_IMAGE: "dokku-test/debian:bookworm",
    });
    app = await world.createApp("pgapp");
  }, 15 * 60_000);

  afterAll(async () => {
    if (!world.runId || skip) return;
    await world.host.dokku(["postgres:destroy", service, "--force"]).catch(() => undefined);
    await docker(["rm", "-f", "-v", container]);
    await restoreSudoers?.();
    await world.stop();
  }, 300_000);

  test("plugin:install from the git repo runs the plugin's install trigger: property dir, data dir, sudoers file", async () => {
    const url = await pluginRepoUrl(world.host, "dokku-postgres");
    const r = await world.host.dokku(["plugin:install", url, "--name", "postgres"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Plugin postgres enabled");
    // The plugin's own image check, skipped as POSTGRES_DISABLE_PULL from .dokkurc tells it.
    expect(r.stderr).toContain(`docker image pull ${SERVICE_IMAGES.postgres}`);
    expect((await world.ok("plugin:list")).stdout).toMatch(/^\s*postgres\s/m);
    expect(existsSync(join(world.host.libRoot, "config", "postgres"))).toBe(true);
    expect(existsSync(join(world.host.libRoot, "services", "postgres"))).toBe(true);
    const sudoers = await readFile(SUDOERS, "utf8");
    expect(sudoers).toContain(`${join(world.host.libRoot, "services", "postgres")}/*`);
    expect((await stat(SUDOERS)).mode & 0o777).toBe(0o440);
  }, 120_000);

  test("postgres:create starts the service; info reports it running with its DSN", async () => {
    const r = await world.host.dokku(["postgres:create", service]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`=====> Postgres container created: ${service}`);
    expect((await world.ok("postgres:info", service, "--status")).stdout.trim()).toBe("running");
    const dsn = (await world.ok("postgres:info", service, "--dsn")).stdout.trim();
    expect(dsn).toMatch(new RegExp(`^postgres://postgres:[0-9a-f]+@dokku-postgres-${service}:5432/${service.replaceAll("-", "_")}$`));
    expect((await docker(["container", "inspect", "--format", "{{.State.Running}}", container])).stdout.trim()).toBe("true");
  }, 300_000);

  test("postgres:link sets DATABASE_URL and the --link options, the app restarts with them, and a query over the link answers", async () => {
    expect((await world.deploy(app, "buildpack-procfile")).code).toBe(0);
    const before = await webContainer(app);
    const r = await world.host.dokku(["postgres:link", service, app]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`-----> Restarting app ${app}`);
    const dsn = (await world.ok("postgres:info", service, "--dsn")).stdout.trim();
    expect((await world.ok("config:get", app, "DATABASE_URL")).stdout.trim()).toBe(dsn);
    expect((await world.ok("docker-options:report", app, "--docker-options-deploy")).stdout).toContain(`--link ${container}:dokku-postgres-${service}`);
    const after = await webContainer(app);
    expect(after).not.toBe(before);
    expect(await containerEnv(after)).toContain(`DATABASE_URL=${dsn}`);
    expect((await world.ok("postgres:info", service, "--links")).stdout.trim()).toBe(app);
    const q = await psqlFrom(after, dsn, "select 40 + 2");
    expect(q.stderr).toBe("");
    expect(q.stdout.trim()).toBe("42");
  }, 300_000);

  test("postgres:export and postgres:import round-trip a row", async () => {
    const sql = "create table greetings (v text); insert into greetings values ('round trip');";
    expect((await world.host.dokku(["postgres:connect", service], { input: sql })).code).toBe(0);
    const dump = join(world.host.root, "dump.pgc");
    const exported = await dokkuToFile(world.host, ["postgres:export", service], dump);
    expect(exported.code).toBe(0);
    expect((await stat(dump)).size).toBeGreaterThan(0);
    expect((await world.host.dokku(["postgres:connect", service], { input: "drop table greetings;" })).code).toBe(0);
    const imported = await dokkuFromFile(world.host, ["postgres:import", service], dump);
    expect(imported.code).toBe(0);
    const r = await world.host.dokku(["postgres:connect", service], { input: "select v from greetings;" });
    expect(r.stdout).toContain("round trip");
  }, 300_000);

  test("postgres:unlink removes DATABASE_URL and the links, and the app restarts without them", async () => {
    const before = await webContainer(app);
    const r = await world.host.dokku(["postgres:unlink", service, app]);
    expect(r.code).toBe(0);
    expect((await world.host.dokku(["config:get", app, "DATABASE_URL"])).code).toBe(1);
    expect((await world.ok("docker-options:report", app, "--docker-options-deploy")).stdout).not.toContain("--link");
    const after = await webContainer(app);
    expect(after).not.toBe(before);
    expect((await containerEnv(after)).some((e) => e.startsWith("DATABASE_URL="))).toBe(false);
    expect((await world.ok("postgres:info", service, "--links")).stdout.trim()).toBe("-");
  }, 300_000);

  test("apps:destroy of a linked app takes it off the service's links (the plugin's pre-delete trigger)", async () => {
    const other = await world.createApp("linked");
    expect((await world.host.dokku(["postgres:link", service, other, "--no-restart"])).code).toBe(0);
    expect((await world.ok("postgres:info", service, "--links")).stdout.trim()).toBe(other);
    const r = await world.host.dokku(["apps:destroy", other, "--force"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Unlinking from ${service}`);
    expect((await world.ok("postgres:info", service, "--links")).stdout.trim()).toBe("-");
  }, 300_000);

  test("postgres:destroy removes the container and the data", async () => {
    const r = await world.host.dokku(["postgres:destroy", service, "--force"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`=====> Postgres container deleted: ${service}`);
    expect((await docker(["container", "inspect", container])).code).not.toBe(0);
    expect(existsSync(join(world.host.libRoot, "services", "postgres", service))).toBe(false);
    expect((await world.host.dokku(["postgres:info", service])).code).not.toBe(0);
  }, 300_000);

  test("plugin:uninstall removes the plugin and its commands", async () => {
    const r = await world.host.dokku(["plugin:uninstall", "postgres"]);
    expect(r.code).toBe(0);
    expect((await world.ok("plugin:list")).stdout).not.toMatch(/^\s*postgres\s/m);
    expect((await world.host.dokku(["postgres:list"])).code).not.toBe(0);
  }, 120_000);
});
