import { describe, expect, test } from "bun:test";
import type Docker from "dockerode";
import { healthFromStatus, parseRestartPolicy, toContainerInfo, toContainerSummary, toNetworkInfo, toState } from "../../../src/docker/api/mapping.ts";

describe("toContainerSummary", () => {
  test("name without the slash, command, state, health from the status text and the IP on each network", () => {
    const listed = {
      Id: "abc",
      Names: ["/web.web.1"],
      Image: "dokku/web:latest",
      Labels: { "com.dokku.app-name": "web" },
      Command: "/exec sleep 15",
      State: "running",
      Status: "Up 2 minutes (healthy)",
      Created: 1700000000,
      NetworkSettings: { Networks: { bridge: { IPAddress: "172.17.0.3" }, "app-net": { IPAddress: "172.20.0.2" } } },
    } as unknown as Docker.ContainerInfo;
    expect(toContainerSummary(listed)).toEqual({
      id: "abc",
      name: "web.web.1",
      image: "dokku/web:latest",
      labels: { "com.dokku.app-name": "web" },
      command: "/exec sleep 15",
      state: "running",
      health: "healthy",
      networks: { bridge: { ip: "172.17.0.3" }, "app-net": { ip: "172.20.0.2" } },
      created: 1700000000,
    });
  });

  test("health text variants", () => {
    expect(healthFromStatus("Up 5 seconds (health: starting)")).toBe("starting");
    expect(healthFromStatus("Up 1 minute (unhealthy)")).toBe("unhealthy");
    expect(healthFromStatus("Exited (0) 3 seconds ago")).toBe("none");
    expect(toState("Exited")).toBe("exited");
  });
});

describe("toContainerInfo", () => {
  const inspected = (state: Record<string, unknown>, restart = { Name: "on-failure", MaximumRetryCount: 10 }) =>
    ({
      Id: "abc",
      Name: "/web.web.1",
      Image: "sha256:1",
      RestartCount: 2,
      State: { Status: "running", Running: true, ExitCode: 0, StartedAt: "2026-01-01T00:00:00.5Z", FinishedAt: "0001-01-01T00:00:00Z", ...state },
      Config: { Image: "dokku/web:latest", Labels: {}, Tty: false },
      HostConfig: { RestartPolicy: restart },
      NetworkSettings: { Ports: { "5000/tcp": [{ HostIp: "127.0.0.1", HostPort: "49153" }] }, Networks: { bridge: { IPAddress: "172.17.0.3", Aliases: null } } },
    }) as unknown as Docker.ContainerInspectInfo;

  test("zero times are undefined, health none without a healthcheck, restart policy as Dokku writes it", () => {
    expect(toContainerInfo(inspected({}))).toEqual({
      id: "abc",
      name: "web.web.1",
      image: "dokku/web:latest",
      imageId: "sha256:1",
      labels: {},
      state: "running",
      health: "none",
      running: true,
      exitCode: 0,
      startedAt: "2026-01-01T00:00:00.5Z",
      finishedAt: undefined,
      restartCount: 2,
      restartPolicy: "on-failure:10",
      tty: false,
      networks: { bridge: { ip: "172.17.0.3", aliases: [] } },
      ports: { "5000/tcp": [{ hostIp: "127.0.0.1", hostPort: "49153" }] },
    });
  });

  test("a healthcheck's status and a never-started container", () => {
    const info = toContainerInfo(inspected({ Status: "created", Running: false, StartedAt: "0001-01-01T00:00:00Z", Health: { Status: "starting" } }, { Name: "", MaximumRetryCount: 0 }));
    expect(info).toMatchObject({ state: "created", health: "starting", startedAt: undefined, restartPolicy: "no" });
  });
});

test("toNetworkInfo strips the prefix length from each container's address", () => {
  const network = { Id: "n1", Name: "app-net", Driver: "bridge", Labels: { a: "b" }, Containers: { abc: { Name: "web.web.1", IPv4Address: "172.20.0.2/16" } } };
  expect(toNetworkInfo(network as unknown as Docker.NetworkInspectInfo)).toEqual({
    id: "n1",
    name: "app-net",
    driver: "bridge",
    labels: { a: "b" },
    containers: { abc: { name: "web.web.1", ip: "172.20.0.2" } },
  });
});

test("parseRestartPolicy accepts Dokku's values and nothing else", () => {
  expect(parseRestartPolicy("no")).toEqual({ Name: "no" });
  expect(parseRestartPolicy("on-failure:10")).toEqual({ Name: "on-failure", MaximumRetryCount: 10 });
  expect(parseRestartPolicy("unless-stopped")).toEqual({ Name: "unless-stopped" });
  expect(parseRestartPolicy("always:3")).toBeUndefined();
  expect(parseRestartPolicy("sometimes")).toBeUndefined();
});
