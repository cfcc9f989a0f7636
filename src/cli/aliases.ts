/** Namespace aliases (reference 1.7 step 1): argv[0]'s prefix is rewritten. */
const NAMESPACE_ALIASES: Readonly<Record<string, string>> = {
  "docker-local": "scheduler-docker-local",
  dockerfile: "builder-dockerfile",
  herokuish: "builder-herokuish",
  k3s: "scheduler-k3s",
  lambda: "builder-lambda",
  nixpacks: "builder-nixpacks",
  pack: "builder-pack",
  rails: "builder-railpack",
};

/** Plugin-directory mapping (step 2): changes where a command is looked up, not its name. */
const DIRECTORY_ALIASES: Readonly<Record<string, string>> = {
  events: "20_events",
  caddy: "caddy-vhosts",
  haproxy: "haproxy-vhosts",
  nginx: "nginx-vhosts",
  openresty: "openresty-vhosts",
  traefik: "traefik-vhosts",
  deploy: "00_dokku-standard",
  cleanup: "00_dokku-standard",
  url: "00_dokku-standard",
  urls: "00_dokku-standard",
  report: "00_dokku-standard",
};

export function applyNamespaceAlias(command: string): string {
  const colon = command.indexOf(":");
  const prefix = colon < 0 ? command : command.slice(0, colon);
  const target = NAMESPACE_ALIASES[prefix];
  return target === undefined ? command : target + command.slice(prefix.length);
}

/** The plugin directory that owns a command (`nginx:build-config` lives in `nginx-vhosts`). */
export function pluginDirectoryOf(command: string): string {
  const prefix = command.split(":", 1)[0]!;
  return DIRECTORY_ALIASES[prefix] ?? prefix;
}
