import { fstatSync } from "node:fs";
import { ExitError, SilentExit, UserError } from "../../src/core/errors.ts";
import { defineCommand } from "../../src/core/plugin.ts";

export const pluginTrigger = defineCommand({
  name: "plugin:trigger",
  description: "Trigger an arbitrary plugin hook",
  usage: "<trigger> [<args>...]",
  rootOnly: true,
  verbatimArgs: true,
  args: { trigger: { type: "positional", description: "Trigger name", required: false } },
  async run(ctx, _args, raw) {
    // The raw argv, so flags meant for the trigger (`--x`) reach it untouched.
    const [name, ...rest] = raw;
    if (!name) throw new UserError("Please specify a trigger to run");
    if (!/^[A-Za-z0-9_.-]+$/.test(name) || name.startsWith(".")) throw new UserError(`Invalid trigger name: ${name}`);
    const stdin = stdinIsData() ? await ctx.io.readStdin() : "";
    try {
      await ctx.triggers.fire(name, rest, { stream: true, stdin });
    } catch (error) {
      // dokku-compat: like `plugn trigger`, a failing hook only passes its exit code on.
      if (error instanceof ExitError) throw new SilentExit(error.exitCode);
      throw error;
    }
  },
});

export const pluginInstallDependencies = defineCommand({
  name: "plugin:install-dependencies",
  description: "Run install-dependencies trigger for active plugins (or only core ones)",
  rootOnly: true,
  args: { core: { type: "boolean", description: "Accepted for compatibility; core plugins are embedded" } },
  async run(ctx) {
    await ctx.triggers.notify("dependencies");
  },
});

/** Piped or redirected input is passed to the trigger; a terminal or socket is not read (it may never end). */
function stdinIsData(): boolean {
  try {
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isFile();
  } catch {
    return false;
  }
}
