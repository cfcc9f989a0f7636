import { describe, expect, test } from "bun:test";
import { chmod, mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { columnize, hasTty, renderCommandHelp, renderMainHelp, renderPluginHelp, usageOf } from "../../../src/cli/help.ts";
import { defineCommand, definePlugin } from "../../../src/core/plugin.ts";
import { corePlugin } from "../../../src/core/registry.ts";
import { createTestCtx } from "../core/_context.ts";

const noop = async () => {};
const widgets = definePlugin({
  name: "widgets",
  description: "Manage widgets",
  commands: [
    defineCommand({
      name: "widgets:set",
      description: "Set a widget property",
      args: {
        app: { type: "positional", description: "App name", required: false },
        global: { type: "boolean", description: "Apply globally" },
        format: { type: "string", description: "Output format", valueHint: "stdout|json" },
        size: { type: "string" },
      },
      run: noop,
    }),
    defineCommand({ name: "widgets:list", description: "List widgets", usage: "[--format stdout|json]", run: noop }),
    defineCommand({ name: "widgets:secret", description: "Hidden", hidden: true, run: noop }),
  ],
});
const ghosts = definePlugin({ name: "ghosts", description: "Only hidden commands", commands: [defineCommand({ name: "ghosts:x", description: "x", hidden: true, run: noop })] });
const alpha = definePlugin({ name: "alpha", description: "First plugin", commands: [defineCommand({ name: "alpha", description: "Default command", run: noop })] });

const ROWS: [string, string][] = [
  ["alpha", "Default command"],
  ["widgets:list [--format stdout|json]", "List widgets"],
  ["widgets:set <app> [--global] [--format stdout|json] [--size size]", "Set a widget property"],
];

describe("usageOf", () => {
  test("is derived from the citty args unless the command gives its own", () => {
    expect(usageOf(widgets.commands[0])).toBe("<app> [--global] [--format stdout|json] [--size size]");
    expect(usageOf(widgets.commands[1])).toBe("[--format stdout|json]");
    expect(usageOf(alpha.commands[0])).toBe("");
  });
});

describe("columnize", () => {
  test("pads the left column to the widest entry with two spaces between columns", () => {
    expect(columnize([["a", "one"], ["long-name", "two"], ["x", ""]])).toEqual(["    a          one", "    long-name  two", "    x"]);
    expect(columnize([], "  ")).toEqual([]);
  });
});

const TTY = { DOKKU_FORCE_TTY: "true" };

describe("renderMainHelp", () => {
  test("lists one row per core plugin with visible commands, sorted by name", async () => {
    await using t = await createTestCtx({ plugins: [widgets, ghosts, alpha], env: TTY });
    expect(await renderMainHelp(t.ctx, false)).toBe(
      [
        "Usage: dokku [--quiet|--trace|--force] COMMAND <app> [command-specific-options]",
        "",
        'Primary help options, type "dokku COMMAND:help" for more details, or dokku help --all to see all commands.',
        "",
        "Commands:",
        "",
        "    alpha    First plugin",
        "    widgets  Manage widgets",
      ].join("\n"),
    );
  });

  test("--all lists every visible command with its usage", async () => {
    await using t = await createTestCtx({ plugins: [widgets, ghosts, alpha], env: TTY });
    const lines = (await renderMainHelp(t.ctx, true)).split("\n").slice(6);
    expect(lines).toEqual(columnize(ROWS));
    const column = lines[0]!.indexOf("Default command");
    expect(lines.map((l) => l.slice(column))).toEqual(["Default command", "List widgets", "Set a widget property"]);
  });

  test("community executable plugins get their own section from `commands help`", async () => {
    await using t = await createTestCtx({ plugins: [alpha], env: TTY });
    const dir = join(t.ctx.paths.pluginAvailable, "hello");
    await mkdir(dir, { recursive: true });
    await mkdir(t.ctx.paths.pluginEnabled, { recursive: true });
    await writeFile(join(dir, "plugin.toml"), '[plugin]\ndescription = "Say hello"\nversion = "1.0.0"\n');
    await writeFile(join(dir, "commands"), '#!/bin/sh\n[ "$1" = help ] && { echo "    hello, Says hello"; exit 0; }\nexit 10\n');
    await chmod(join(dir, "commands"), 0o755);
    await symlink(dir, join(t.ctx.paths.pluginEnabled, "hello"));
    const text = await renderMainHelp(t.ctx, false);
    expect(text.split("\n").slice(6)).toEqual(["    alpha  First plugin", "", "Community plugin commands:", "", "    hello  Says hello"]);
  });

  test("without a TTY (Dokku's has_tty) the header lines are left out", async () => {
    await using t = await createTestCtx({ plugins: [alpha], env: { DOKKU_DISABLE_TTY: "true" } });
    expect(await renderMainHelp(t.ctx, false)).toBe("    alpha  First plugin");
  });
});

describe("hasTty", () => {
  test("DOKKU_FORCE_TTY wins, then DOKKU_DISABLE_TTY, then whether stdin is a terminal", () => {
    expect(hasTty({ DOKKU_FORCE_TTY: "true", DOKKU_DISABLE_TTY: "true" }, false)).toBe(true);
    expect(hasTty({ DOKKU_DISABLE_TTY: "true" }, true)).toBe(false);
    expect(hasTty({}, true)).toBe(true);
    expect(hasTty({ DOKKU_FORCE_TTY: "1" }, false)).toBe(false);
  });
});

describe("plugin and command help", () => {
  test("renderPluginHelp prints usage, description and the plugin's visible commands", () => {
    expect(renderPluginHelp(corePlugin(widgets, "0.38.27"))).toBe(
      ["Usage: dokku widgets[:COMMAND]", "", "Manage widgets", "", "Additional commands:", ...columnize(ROWS.slice(1))].join("\n"),
    );
  });

  test("renderCommandHelp prints usage, description and described arguments", () => {
    expect(renderCommandHelp(widgets.commands[0])).toBe(
      [
        "Usage: dokku widgets:set <app> [--global] [--format stdout|json] [--size size]",
        "",
        "Set a widget property",
        "",
        "Arguments:",
        "  <app>     App name",
        "  --global  Apply globally",
        "  --format  Output format",
      ].join("\n"),
    );
    expect(renderCommandHelp(alpha.commands[0])).toBe("Usage: dokku alpha\n\nDefault command");
  });
});
