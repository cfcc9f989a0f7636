// The network plugin with real deploys: the network containers start on, the networks they join
// before start and after the switch (with Dokku's aliases), the IP files the proxy reads, and
// publishing the web port; plus a Dockerfile app on its EXPOSEd port with a Procfile command.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FIXTURE_APPS_DIR, docker, requireDocker } from "../_harness/docker.ts";
import { DeployWorld } from "./_deploy.ts";

const skip = await requireDocker();
const world = new DeployWorld();
const networks: string[] = [];

interface Inspected {
  Id: string;
  Config: { Cmd: string[]; Env: string[] };
  NetworkSettings: { Networks: Record<string, { IPAddress: string; Aliases: string[] | null }>; Ports: Record<string, { HostPort: string }[] | null> };
}

async function inspect(id: string): Promise<Inspected> {
  return (JSON.parse((await docker(["container", "inspect", id])).stdout) as Inspected[])[0]!;
}

async function network(suffix: string): Promise<string> {
  const name = `${world.prefix}${suffix}`;
  const r = await world.ok("network:create", name);
  expect(r.stdout).toBe(`-----> Creating network ${name}\n`);
  networks.push(name);
  return name;
}

describe.skipIf(Boolean(skip))("deploys and networks", () => {
  beforeAll(() => world.start(), 15 * 60_000);
  afterAll(async () => {
    await world.stop();
    for (const name of networks) await docker(["network", "rm", name]);
  }, 300_000);

  test("initial-network, attach-post-create and attach-post-deploy: where containers start and what they join, with aliases", async () => {
    const app = await world.createApp("net");
    const [initial, created, deployed] = [await network("initial"), await network("create"), await network("deploy")];
    await world.ok("network:set", app, "initial-network", initial);
    await world.ok("network:set", app, "attach-post-create", created);
    await world.ok("network:set", app, "attach-post-deploy", deployed);
    expect((await world.deploy(app, "buildpack-procfile")).code).toBe(0);
    const id = (await world.stateFile(app, "CONTAINER.web.1"))!;
    const nets = (await inspect(id)).NetworkSettings.Networks;
    expect(Object.keys(nets).sort()).toEqual([created, deployed, initial].sort());
    expect(await world.stateFile(app, "IP.web.1")).toBe(nets[initial]!.IPAddress);
    expect(nets[created]!.Aliases).toEqual(expect.arrayContaining([`${app}.web`, `${id.slice(0, 12)}.${app}.web`]));
    expect(await world.get(app)).toBe("buildpack-procfile\n");
    const report = await world.ok("network:report", app, "--format", "json");
    expect(JSON.parse(report.stdout)).toMatchObject({
      "computed-initial-network": initial, "attach-post-create": created, "web-listeners": `${nets[initial]!.IPAddress}:5000`,
    });
    // A network that is in use is not destroyed; a bad value is refused with one line.
    expect((await world.host.dokku(["network:destroy", "--force", initial])).code).not.toBe(0);
    expect(await world.host.dokku(["network:set", app, "attach-post-deploy", `${world.prefix}nope`])).toEqual({
      code: 1, stdout: "", stderr: ` !     Network ${world.prefix}nope does not exist\n`,
    });
  }, 300_000);

  test("network:rebuild rewrites IP files from docker; bind-all-interfaces publishes the web port", async () => {
    const app = await world.createApp("rebuild");
    expect((await world.deploy(app, "buildpack-procfile")).code).toBe(0);
    const ip = await world.stateFile(app, "IP.web.1");
    await writeFile(join(world.host.dokkuRoot, app, "IP.web.1"), "10.255.255.1\n");
    await world.ok("network:rebuild", app);
    expect(await world.stateFile(app, "IP.web.1")).toBe(ip);

    await world.ok("network:set", app, "bind-all-interfaces", "true");
    await world.ok("ps:restart", app);
    const ports = (await inspect((await world.stateFile(app, "CONTAINER.web.1"))!)).NetworkSettings.Ports;
    expect(Number(ports["5000/tcp"]?.[0]?.HostPort)).toBeGreaterThan(0);
  }, 300_000);

  test("a Dockerfile app listens on its EXPOSEd port, started with its Procfile command", async () => {
    const app = await world.createApp("dockerfile");
    const dockerfile = (await readFile(join(FIXTURE_APPS_DIR, "dockerfile-hello", "Dockerfile"), "utf8")).replace("EXPOSE 5000", "EXPOSE 8080");
    const r = await world.deploy(app, "dockerfile-hello", {
      Dockerfile: dockerfile,
      Procfile: "web: mini_httpd -D -p $PORT -d /srv/www -l /dev/stdout\n",
    });
    expect(r.code).toBe(0);
    expect(await world.stateFile(app, "PORT.web.1")).toBe("8080");
    const container = await inspect((await world.stateFile(app, "CONTAINER.web.1"))!);
    expect(container.Config.Cmd).toEqual(["mini_httpd", "-D", "-p", "8080", "-d", "/srv/www", "-l", "/dev/stdout"]);
    expect(container.Config.Env).toContain("PORT=8080");
    expect(await world.get(app)).toBe("dockerfile-hello\n");
  }, 600_000);
});
