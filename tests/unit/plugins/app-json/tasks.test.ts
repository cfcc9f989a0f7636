import { describe, expect, test } from "bun:test";
import { taskArgs, taskCommand } from "../../../../plugins/app-json/tasks.ts";
import type { ImageInfo } from "../../../../src/docker/engine.ts";

const image = (over: Partial<ImageInfo>): ImageInfo => ({ id: "x", tags: [], labels: {}, env: [], exposedPorts: [], cmd: [], entrypoint: [], created: "", ...over });

describe("task containers", () => {
  test("resource, restart and publish flags are dropped with their values; the rest stays in order", () => {
    expect(taskArgs(["--env=A", "--memory=1g", "--cpus", "2", "-v", "/a:/b", "-p", "80:80", "-P", "--restart=always", "--publish-all", "--label=x=y"])).toEqual([
      "--env=A",
      "-v",
      "/a:/b",
      "--label=x=y",
    ]);
  });

  test("herokuish images run the command with bash after the app's profile; others with sh -c or their entrypoint", () => {
    const herokuish = taskCommand(image({ labels: { "com.dokku.builder-type": "herokuish" } }), "rake db:migrate");
    expect(herokuish.entrypoint).toBe("/bin/bash");
    expect(herokuish.command[1]).toEndWith("set -e; set -o pipefail; rake db:migrate");
    expect(taskCommand(image({}), "a && b")).toEqual({ entrypoint: "/bin/sh", command: ["-c", "set -e; a && b"] });
    expect(taskCommand(image({ entrypoint: ["/usr/bin/tini", "--"] }), "a b")).toEqual({ entrypoint: "/bin/sh", command: ["-c", "set -e; a b"] });
    expect(taskCommand(image({ entrypoint: ["/app/run"] }), "migrate 'all of it'")).toEqual({ command: ["migrate", "all of it"] });
  });
});
