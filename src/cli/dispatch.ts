import { access, constants } from "node:fs/promises";
import { join } from "node:path";
import type { Ctx } from "../core/context.ts";
import { UserError } from "../core/errors.ts";
import type { LoadedPlugin } from "../core/registry.ts";
import { applyNamespaceAlias, pluginDirectoryOf } from "./aliases.ts";
import { applyAppFlag, type ParsedArgv } from "./global-flags.ts";
import { renderMainHelp, renderPluginHelp } from "./help.ts";
import { runCommand, wantsHelp } from "./run-command.ts";
import { authorize } from "./authorize.ts";

const NOT_IMPLEMENTED = 10;

/** Resolves argv to a command and runs it (reference 1.7); returns the exit code. */
export async function dispatch(ctx: Ctx, argv: ParsedArgv): Promise<number> {
  const first = argv.core[0];
  // dokku-compat: Dokku's flag parsing answers `-h` like `--help` (which is shifted off as a leading flag).
  if (first === undefined || first === "" || first === "help" || first === "-h") {
    ctx.log.data(await renderMainHelp(ctx, argv.core.includes("--all")));
    return 0;
  }
  if (first === "version" || first === "-v" || first === "--version") {
    ctx.log.data(`dokku version ${ctx.version}`);
    return 0;
  }
  const name = applyNamespaceAlias(first);
  const core = [name, ...argv.core.slice(1)];
  const plugin = [name, ...argv.plugin.slice(1)];
  await authorize(ctx, plugin);

  const found = ctx.plugins.coreCommand(name) ?? (await ctx.plugins.command(name));
  if (found) {
    // `dokku config --help` is the plugin's help (config:help), not the help of its default command.
    if (found.command.name === found.plugin.name && wantsHelp(core.slice(1))) {
      ctx.log.data(renderPluginHelp(found.plugin));
      return 0;
    }
    if (found.command.rootOnly) assertRoot();
    if (found.command.verbatimArgs) return runCommand(ctx, found.command, plugin.slice(1));
    const withApp = found.plugin.kind === "core" ? applyAppFlag(core, ctx.flags.app) : core;
    return runCommand(ctx, found.command, withApp.slice(1));
  }
  const helpFor = name.endsWith(":help") ? name.slice(0, -":help".length) : name.includes(":") ? undefined : name;
  if (helpFor !== undefined) {
    const folder = pluginDirectoryOf(helpFor); // `nginx:help` is the nginx-vhosts plugin's help
    const owner = (await ctx.plugins.all()).find((p) => (p.name === helpFor || p.name === folder) && p.def?.commands?.some((c) => !c.hidden));
    if (owner) {
      ctx.log.data(renderPluginHelp(owner));
      return 0;
    }
  }
  const external = await runExecutable(ctx, plugin);
  if (external !== undefined) return external;
  // dokku-compat: exact wording and exit code of the unknown-command message.
  ctx.log.error(`\`${argv.plugin.join(" ")}\` is not a dokku command.`);
  ctx.log.error("See `dokku help` for a list of available commands.");
  return 1;
}

/** Dokku-style executable plugins: `subcommands/*` first, then every `commands` script (exit 10 = not mine). */
async function runExecutable(ctx: Ctx, argv: string[]): Promise<number | undefined> {
  const command = argv[0]!;
  const directory = pluginDirectoryOf(command);
  const executables = (await ctx.plugins.all()).filter((p) => p.kind === "executable" && p.dir);
  const byName = (n: string) => executables.find((p) => p.name === n);
  const colon = command.indexOf(":");
  const candidates: [LoadedPlugin | undefined, string][] = [
    [byName(directory), "default"],
    [byName(directory), command],
  ];
  if (colon > 0 && colon < command.length - 1) candidates.push([byName(pluginDirectoryOf(command.slice(0, colon))), command.slice(colon + 1)]);
  for (const [plugin, sub] of candidates) {
    if (!plugin?.dir || sub.includes("/")) continue;
    if (sub === "default" && command.includes(":")) continue;
    const file = join(plugin.dir, "subcommands", sub);
    if (await isExecutable(file)) return spawnPluginCommand(ctx, file, argv);
  }
  let implemented = false;
  for (const plugin of executables) {
    const file = join(plugin.dir!, "commands");
    if (!(await isExecutable(file))) continue;
    const code = await spawnPluginCommand(ctx, file, argv);
    if (code === NOT_IMPLEMENTED) continue;
    if (code !== 0) return code;
    implemented = true; // dokku-compat: Dokku keeps calling the remaining scripts; we stop at the first taker
    break;
  }
  return implemented ? 0 : undefined;
}

async function spawnPluginCommand(ctx: Ctx, file: string, argv: string[]): Promise<number> {
  const result = await ctx.exec([file, ...argv], {
    env: ctx.childEnv(),
    input: "inherit",
    stdout: "inherit",
    stderr: "inherit",
    check: false,
  });
  return result.code;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function assertRoot(): void {
  if (process.getuid?.() !== 0) throw new UserError("This command must be run as root");
}
