/** Dokku's global flags (reference 1.2): recognised anywhere in argv. */
export interface GlobalFlags {
  readonly quiet: boolean;
  readonly trace: boolean;
  readonly force: boolean;
  readonly app?: string;
  /** Every `--*` token, space-joined (`DOKKU_GLOBAL_FLAGS`). */
  readonly list: string;
}

export interface ParsedArgv {
  flags: GlobalFlags;
  /** argv with leading flags shifted off, as Dokku passes it to community plugins. */
  plugin: string[];
  /** argv with every global flag removed, for core commands. */
  core: string[];
}

export function parseGlobalFlags(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): ParsedArgv {
  let quiet = env.DOKKU_QUIET_OUTPUT === "1";
  let trace = Boolean(env.DOKKU_TRACE);
  let force = env.DOKKU_APPS_FORCE_DELETE === "1";
  let app = env.DOKKU_APP_NAME || undefined;
  const list: string[] = [];
  const core: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--app") {
      app = argv[++i];
      list.push(`--app=${app ?? ""}`);
      continue;
    }
    if (arg.startsWith("--app=")) {
      app = arg.slice("--app=".length);
      list.push(arg);
      continue;
    }
    if (arg.startsWith("--")) list.push(arg);
    if (arg === "--quiet") quiet = true;
    else if (arg === "--trace") trace = true;
    else if (arg === "--force") force = true;
    if (arg === "--quiet" || arg === "--trace") continue;
    core.push(arg);
  }
  // Only leading flags are shifted off (--version kept), and --app takes its value with it.
  const plugin = [...argv];
  while (plugin.length > 0 && plugin[0]!.startsWith("--") && plugin[0] !== "--version") {
    if (plugin.shift() === "--app") plugin.shift();
  }
  while (core.length > 0 && core[0]!.startsWith("--") && core[0] !== "--version") core.shift();
  const globalList = env.DOKKU_GLOBAL_FLAGS ?? list.join(" ").trim();
  return { flags: { quiet, trace, force, app, list: globalList }, plugin, core };
}

/** Dokku: `--app NAME` makes `ps:report --app foo` mean `ps:report foo` for core commands. */
export function applyAppFlag(core: string[], app: string | undefined): string[] {
  if (app === undefined || core.length === 0) return core;
  return [core[0]!, app, ...core.slice(1)];
}
