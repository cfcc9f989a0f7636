import type { ArgsDef } from "citty";
import type { Ctx } from "../core/context.ts";
import type { AnyDokkuCommand } from "../core/plugin.ts";
import type { LoadedPlugin } from "../core/registry.ts";
import { printable } from "../core/terminal-text.ts";

/** `<app>`, `[--format json]`, ... rendered from a command's citty args (never kept as separate text). */
export function usageOf(command: AnyDokkuCommand): string {
  if (command.usage !== undefined) return command.usage;
  const parts: string[] = [];
  for (const [name, def] of Object.entries((command.args ?? {}) as ArgsDef)) {
    if (def.type === "positional") parts.push(`<${name}>`); // presence is checked by our validation, not citty
    else if (def.type === "boolean") parts.push(`[--${name}]`);
    else parts.push(`[--${name} ${def.valueHint ?? name}]`);
  }
  return parts.join(" ");
}

/** `column -t -s,` over `    left, right` rows. */
export function columnize(rows: readonly (readonly [string, string])[], indent = "    "): string[] {
  // Community plugins supply some of these cells: each is made one printable line first.
  const cells = rows.map(([left, right]) => [printable(left), printable(right)] as const);
  const width = Math.max(0, ...cells.map(([left]) => left.length));
  return cells.map(([left, right]) => `${indent}${left.padEnd(width)}  ${right}`.trimEnd());
}

function visible(plugin: LoadedPlugin): AnyDokkuCommand[] {
  return (plugin.def?.commands ?? []).filter((c) => !c.hidden).sort((a, b) => (a.name < b.name ? -1 : 1));
}

/**
 * Dokku's `has_tty`: `DOKKU_FORCE_TTY=true` and `DOKKU_DISABLE_TTY=true` decide, else whether stdin
 * is a terminal (`/usr/bin/tty` looks at stdin).
 */
export function hasTty(vars: Readonly<Record<string, string>>, stdinIsTty = Boolean(process.stdin.isTTY)): boolean {
  if (vars.DOKKU_FORCE_TTY === "true") return true;
  if (vars.DOKKU_DISABLE_TTY === "true") return false;
  return stdinIsTty;
}

/** `dokku help` and `dokku help --all`. */
export async function renderMainHelp(ctx: Ctx, all: boolean): Promise<string> {
  // dokku-compat: the header lines are quiet-aware (`dokku --quiet help --all` feeds completion), and
  // without a TTY the entry script runs quiet for its own output, so `ssh dokku@host help` has no header.
  const quiet = ctx.log.quiet || !hasTty(ctx.env.vars);
  const lines = quiet
    ? []
    : [
        "Usage: dokku [--quiet|--trace|--force] COMMAND <app> [command-specific-options]",
        "",
        'Primary help options, type "dokku COMMAND:help" for more details, or dokku help --all to see all commands.',
        "",
        "Commands:",
        "",
      ];
  const plugins = await ctx.plugins.all();
  const rowsFor = (list: LoadedPlugin[]) =>
    list.flatMap((plugin): [string, string][] =>
      all ? visible(plugin).map((c) => [`${c.name} ${usageOf(c)}`.trim(), c.description]) : visible(plugin).length ? [[plugin.name, plugin.description]] : [],
    );
  lines.push(...columnize(rowsFor(plugins.filter((p) => p.kind === "core"))));
  const community = plugins.filter((p) => p.kind !== "core");
  const communityRows = rowsFor(community.filter((p) => p.kind === "module"));
  for (const plugin of community.filter((p) => p.kind === "executable")) communityRows.push(...(await executableHelp(ctx, plugin, all)));
  if (communityRows.length > 0) {
    communityRows.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    if (!quiet) lines.push("", "Community plugin commands:", "");
    lines.push(...columnize(communityRows));
  }
  return lines.join("\n");
}

/** Rows from an executable plugin's `commands help` (`    name args, description` lines). */
async function executableHelp(ctx: Ctx, plugin: LoadedPlugin, all: boolean): Promise<[string, string][]> {
  if (!plugin.dir) return [];
  const result = await ctx.exec([`${plugin.dir}/commands`, all ? "help" : "help"], { env: ctx.childEnv(), check: false });
  if (result.code !== 0 && result.code !== 10) return [];
  return result.stdout
    .split("\n")
    .filter((line) => line.includes(","))
    .map((line): [string, string] => {
      const comma = line.indexOf(",");
      return [line.slice(0, comma).trim(), line.slice(comma + 1).trim()];
    });
}

/** `dokku <plugin>:help`: usage, description and every command of one plugin. */
export function renderPluginHelp(plugin: LoadedPlugin): string {
  const rows = visible(plugin).map((c): [string, string] => [`${c.name} ${usageOf(c)}`.trim(), c.description]);
  return [`Usage: dokku ${plugin.name}[:COMMAND]`, "", printable(plugin.description), "", "Additional commands:", ...columnize(rows)].join("\n");
}

/** `dokku <command> --help`: one command's usage and flags. */
export function renderCommandHelp(command: AnyDokkuCommand): string {
  const lines = [printable(`Usage: dokku ${command.name} ${usageOf(command)}`.trimEnd()), "", printable(command.description)];
  const rows = Object.entries((command.args ?? {}) as ArgsDef)
    .filter(([, def]) => def.description)
    .map(([name, def]): [string, string] => [def.type === "positional" ? `<${name}>` : `--${name}`, def.description ?? ""]);
  if (rows.length > 0) lines.push("", "Arguments:", ...columnize(rows, "  "));
  return lines.join("\n");
}
