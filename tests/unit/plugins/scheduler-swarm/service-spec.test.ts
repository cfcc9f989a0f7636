import { describe, expect, test } from "bun:test";
import { mapDockerOptions, parseBytes, parseFlags } from "../../../../plugins/scheduler-swarm/docker-options.ts";
import { serviceHealthcheck } from "../../../../plugins/scheduler-swarm/healthcheck.ts";
import { type ServiceInput, buildServiceSpec, serviceEnv } from "../../../../plugins/scheduler-swarm/service-spec.ts";
import { lastFailedTask, runningTasks } from "../../../../plugins/scheduler-swarm/converge.ts";
import type { SwarmTaskInfo } from "../../../../src/docker/engine.ts";

const settings: ServiceInput["settings"] = { order: "start-first", parallelism: 1, failureAction: "rollback", constraints: [], maxReplicasPerNode: 0 };

function input(extra: Partial<ServiceInput> = {}): ServiceInput {
  return {
    app: "shop", type: "web", image: "10.0.0.1:5000/dokku/shop:3", release: "3", replicas: 4,
    config: new Map([["GREETING", "hi there"]]), command: ["/start", "web"], port: 5000,
    options: { container: {}, task: {}, env: [] }, healthcheck: undefined, settings, forceUpdate: 2, ...extra,
  };
}

describe("buildServiceSpec", () => {
  test("one service APP-TYPE with docker-local's labels, the formation's replicas, config and a host-published web port", () => {
    const spec = buildServiceSpec(input());
    expect(spec.Name).toBe("shop-web");
    expect(spec.Mode).toEqual({ Replicated: { Replicas: 4 } });
    expect(spec.Labels).toMatchObject({ "com.dokku.app-name": "shop", "com.dokku.process-type": "web", "com.dokku.container-type": "deploy", "com.dokku.release": "3", dokku: "" });
    expect(spec.TaskTemplate.ContainerSpec).toMatchObject({
      Image: "10.0.0.1:5000/dokku/shop:3",
      Command: ["/start", "web"],
      Env: ["GREETING=hi there", "DYNO=web.{{.Task.Slot}}", "PORT=5000"],
      Labels: spec.Labels,
    });
    expect(spec.EndpointSpec).toEqual({ Mode: "dnsrr", Ports: [{ Protocol: "tcp", TargetPort: 5000, PublishMode: "host" }] });
    expect(spec.UpdateConfig).toEqual({ Parallelism: 1, Order: "start-first", FailureAction: "rollback", MaxFailureRatio: 0 });
    expect(spec.TaskTemplate.ForceUpdate).toBe(2);
  });

  test("other process types publish nothing and get no PORT; settings become placement and update config", () => {
    const spec = buildServiceSpec(input({
      type: "worker", port: undefined, command: undefined, replicas: 2,
      settings: { order: "stop-first", parallelism: 2, failureAction: "pause", constraints: ["node.role==worker"], maxReplicasPerNode: 1 },
    }));
    expect(spec.Name).toBe("shop-worker");
    expect(spec.EndpointSpec.Ports).toEqual([]);
    expect(spec.TaskTemplate.ContainerSpec.Env).toEqual(["GREETING=hi there", "DYNO=worker.{{.Task.Slot}}"]);
    expect(spec.TaskTemplate.ContainerSpec.Command).toBeUndefined();
    expect(spec.TaskTemplate.Placement).toEqual({ Constraints: ["node.role==worker"], MaxReplicas: 1 });
    expect(spec.UpdateConfig).toMatchObject({ Order: "stop-first", Parallelism: 2, FailureAction: "pause" });
  });

  test("mapped docker options land in the container and task; their env follows the config", () => {
    const options = mapDockerOptions(["--env=USER=herokuishuser", "--restart=on-failure:10", "-v", "/srv/data:/data:ro", "--memory=256m", "--cpus", "0.5", "--log-opt", "max-size=10m", "--label=team=a", "--init"]);
    const spec = buildServiceSpec(input({ options }));
    expect(serviceEnv(input({ options }))).toEqual(["GREETING=hi there", "USER=herokuishuser", "DYNO=web.{{.Task.Slot}}", "PORT=5000"]);
    expect(spec.TaskTemplate.ContainerSpec).toMatchObject({ Mounts: [{ Type: "bind", Source: "/srv/data", Target: "/data", ReadOnly: true }], Init: true });
    expect(spec.TaskTemplate.ContainerSpec.Labels.team).toBe("a");
    expect(spec.TaskTemplate.Resources).toEqual({ Limits: { MemoryBytes: 256 * 1024 * 1024, NanoCPUs: 500_000_000 } });
    expect(spec.TaskTemplate.LogDriver).toEqual({ Name: "json-file", Options: { "max-size": "10m" } });
  });
});

describe("mapDockerOptions", () => {
  test("parses Docker's flag forms", () => {
    expect(parseFlags(["--user=app", "-u", "x", "-eA=1", "--init", "-w", "/app"])).toEqual([["user", "app"], ["user", "x"], ["env", "A=1"], ["init", undefined], ["workdir", "/app"]]);
    expect(parseBytes("1g")).toBe(1024 ** 3);
    expect(mapDockerOptions(["--add-host", "db:10.0.0.5", "--network", "bridge", "-v", "cache:/cache"]).container).toEqual({
      Hosts: ["10.0.0.5 db"], Mounts: [{ Type: "volume", Source: "cache", Target: "/cache" }],
    });
  });

  test("values Swarm would get as NaN or garbage are refused with one line", () => {
    expect(() => mapDockerOptions(["--cpus", "lots"])).toThrow("Invalid number of CPUs: lots");
    expect(() => mapDockerOptions(["--sysctl", "novalue"])).toThrow("Invalid sysctl: novalue (expected KEY=VALUE)");
    expect(() => mapDockerOptions(["--log-opt", "novalue"])).toThrow("Invalid log option: novalue (expected KEY=VALUE)");
    expect(mapDockerOptions(["--cpus=1.5"]).task.Resources?.Limits?.NanoCPUs).toBe(1.5e9);
  });

  test("a flag Swarm has no field for is refused, not dropped", () => {
    expect(() => mapDockerOptions(["--privileged"])).toThrow("Docker option --privileged has no equivalent for Swarm services");
    expect(() => mapDockerOptions(["--shm-size=1g"])).toThrow("Docker option --shm-size has no equivalent for Swarm services");
    expect(() => mapDockerOptions(["-p", "80:80"])).toThrow("Docker option --publish has no equivalent");
    expect(() => mapDockerOptions(["--memory"])).toThrow("Docker option --memory needs a value");
  });
});

describe("serviceHealthcheck", () => {
  const json = (web: unknown[]) => ({ healthchecks: { web } });

  test("a command check runs as is; an HTTP path check fetches PORT inside the container", () => {
    expect(serviceHealthcheck(json([{ type: "startup", command: ["false"], attempts: 2, wait: 1, timeout: 3 }]), "web", 5000)).toEqual({
      Test: ["CMD", "false"], Interval: 1e9, Timeout: 3e9, Retries: 2, StartPeriod: 0,
    });
    const http = serviceHealthcheck(json([{ path: "/health", initialDelay: 4 }]), "web", 5000)!;
    expect(http.Test[0]).toBe("CMD-SHELL");
    expect(http.Test[1]).toContain("http://127.0.0.1:5000/health");
    expect(http.StartPeriod).toBe(4e9);
    expect(serviceHealthcheck(json([{ path: "/", wait: 0 }]), "web", 5000)!.Interval).toBe(1e9);
  });

  test("no checks: none; uptime, listening and unsafe paths are refused", () => {
    expect(serviceHealthcheck({}, "web", 5000)).toBeUndefined();
    expect(serviceHealthcheck(json([{ command: ["true"] }]), "worker", undefined)).toBeUndefined();
    expect(() => serviceHealthcheck(json([{ uptime: 5 }]), "web", 5000)).toThrow('The web healthcheck uses "uptime", which Swarm services cannot check');
    expect(() => serviceHealthcheck(json([{ listening: true }]), "web", 5000)).toThrow('uses "listening"');
    expect(() => serviceHealthcheck(json([{ path: "/x';reboot" }]), "web", 5000)).toThrow("Invalid healthcheck path");
  });
});

describe("task outcomes", () => {
  const task = (id: string, state: string, updatedAt: string, desiredState = "running"): SwarmTaskInfo => ({
    id, serviceId: "s", nodeId: "n", slot: 1, desiredState, state, message: `${state} message`, containerId: "", ports: [], updatedAt, exitCode: undefined,
  });

  test("the most recent failed task since the update started is the one shown", () => {
    const tasks = [task("a", "failed", "2026-01-01T00:00:01Z"), task("b", "rejected", "2026-01-01T00:00:05Z"), task("c", "running", "2026-01-01T00:00:09Z")];
    expect(lastFailedTask(tasks)?.id).toBe("b");
    expect(lastFailedTask(tasks, "2026-01-01T00:00:06Z")).toBeUndefined();
    expect(runningTasks([...tasks, task("d", "running", "x", "shutdown")]).map((t) => t.id)).toEqual(["c"]);
  });
});
