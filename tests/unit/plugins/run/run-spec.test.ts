import { describe, expect, test } from "bun:test";
import { globalLabelFlags, runCommand, runContainerSpec } from "../../../../plugins/run/run-spec.ts";
import { containerCreateArgs } from "../../../../src/docker/commands.ts";

const plan = {
  app: "web",
  image: "dokku/web:latest",
  kind: "run" as const,
  index: 42,
  config: new Map([["SECRET", "hunter2"], ["USER", "config-user"]]),
  env: [["EXTRA", "from -e"]] as [string, string][],
  fragments: ["--env=USER=herokuishuser", "--ulimit", "nofile=12"],
  globalLabels: ["--label=com.example=x"],
  tty: true,
  interactive: true,
  ttlSeconds: 60,
  command: ["/exec", "rake", "db:migrate"],
};

describe("runContainerSpec", () => {
  test("flags in Dokku's order, values only in the CLI's environment, labels of a one-off container", () => {
    const spec = runContainerSpec({ ...plan, processType: "release" });
    expect(spec).toEqual({
      image: "dokku/web:latest",
      name: "web.run.42",
      command: ["/exec", "rake", "db:migrate"],
      labels: {
        "org.label-schema.schema-version": "1.0",
        "org.label-schema.vendor": "dokku",
        dokku: "",
        "com.dokku.app-name": "web",
        "com.dokku.container-type": "run",
        "com.dokku.active-deadline-seconds": "60",
        "com.dokku.dyno": "run.42",
        "com.dokku.process-type": "release",
      },
      args: [
        "--env=SECRET", "--env=USER",
        "--env=USER=herokuishuser", "--ulimit", "nofile=12",
        "--rm", "--interactive", "--tty",
        "--env=DYNO=run.42", "--env=EXTRA",
        "--label=com.example=x",
      ],
      env: { SECRET: "hunter2", USER: "config-user", EXTRA: "from -e" },
    });
    // No secret value reaches argv.
    expect(containerCreateArgs(spec).join(" ")).not.toContain("hunter2");
    expect(containerCreateArgs(spec).join(" ")).not.toContain("from -e");
  });

  test("without a terminal there are no terminal flags, and no process-type label without a Procfile type", () => {
    const spec = runContainerSpec({ ...plan, tty: false, interactive: false });
    expect(spec.args).not.toContain("--tty");
    expect(spec.args).not.toContain("--interactive");
    expect(spec.labels["com.dokku.process-type"]).toBeUndefined();
  });

  test("a cron task's container is APP.cron.N with DYNO cron.N and container type cron", () => {
    const spec = runContainerSpec({ ...plan, kind: "cron" });
    expect(spec.name).toBe("web.cron.42");
    expect(spec.labels).toMatchObject({ "com.dokku.container-type": "cron", "com.dokku.dyno": "cron.42" });
    expect(spec.args).toContain("--env=DYNO=cron.42");
  });

  test("a -e value wins over the config value of the same key", () => {
    expect(runContainerSpec({ ...plan, env: [["SECRET", "override"]] }).env).toMatchObject({ SECRET: "override" });
  });
});

describe("runCommand", () => {
  test("the Procfile entry replaces the type word, keeps the rest; herokuish images get /exec", () => {
    expect(runCommand(["console", "--sandbox"], ["bundle", "exec", "racksh"], "/bin/bash", true)).toEqual(["/exec", "bundle", "exec", "racksh", "--sandbox"]);
    expect(runCommand(["ls", "-la"], undefined, "/bin/bash", false)).toEqual(["ls", "-la"]);
    expect(runCommand([], undefined, "/bin/sh", true)).toEqual(["/exec", "/bin/sh"]);
  });
});

test("globalLabelFlags keeps only --label=... entries of the global flags", () => {
  expect(globalLabelFlags("--label=a=b --quiet --label= --labels=x --label=c")).toEqual(["--label=a=b", "--label=c"]);
  expect(globalLabelFlags("")).toEqual([]);
});
