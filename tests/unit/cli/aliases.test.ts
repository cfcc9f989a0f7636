import { describe, expect, test } from "bun:test";
import { applyNamespaceAlias, pluginDirectoryOf } from "../../../src/cli/aliases.ts";

describe("command aliases", () => {
  test.each([
    ["dockerfile:set", "builder-dockerfile:set"],
    ["herokuish:report", "builder-herokuish:report"],
    ["docker-local:set", "scheduler-docker-local:set"],
    ["k3s:initialize", "scheduler-k3s:initialize"],
    ["pack", "builder-pack"],
    ["rails:report", "builder-railpack:report"],
    ["apps:list", "apps:list"],
    ["nginx:build-config", "nginx:build-config"],
    ["dockerfilex:set", "dockerfilex:set"],
  ])("namespace alias %s -> %s", (command, expected) => {
    expect(applyNamespaceAlias(command)).toBe(expected);
  });

  test.each([
    ["nginx:build-config", "nginx-vhosts"],
    ["events:list", "20_events"],
    ["events", "20_events"],
    ["deploy", "00_dokku-standard"],
    ["urls", "00_dokku-standard"],
    ["report", "00_dokku-standard"],
    ["apps:list", "apps"],
    ["git-receive-pack", "git-receive-pack"],
  ])("plugin directory of %s is %s", (command, directory) => {
    expect(pluginDirectoryOf(command)).toBe(directory);
  });
});
