// Dokku's bash plugin API, shipped inside the binary: text imports that `bun build --compile`
// embeds. layout.ts writes them where Dokku keeps them (reference 1.1 step 6, 3.1).
import certsFunctions from "./lib/certs/functions" with { type: "text" };
import commonFunctions from "./lib/common/functions" with { type: "text" };
import propertyFunctions from "./lib/common/property-functions" with { type: "text" };
import cronWrite from "./lib/cron/cron-write" with { type: "text" };
import configFunctions from "./lib/config/functions" with { type: "text" };
import domainsFunctions from "./lib/domains/functions" with { type: "text" };
import nginxFunctions from "./lib/nginx-vhosts/functions" with { type: "text" };
import nginxInternalFunctions from "./lib/nginx-vhosts/internal-functions" with { type: "text" };
import psFunctions from "./lib/ps/functions" with { type: "text" };

/** `<plugin>/<file>` under `$PLUGIN_CORE_AVAILABLE_PATH`, and its content. */
export const BASH_FILES: Readonly<Record<string, string>> = {
  "certs/functions": certsFunctions,
  "common/functions": commonFunctions,
  "common/property-functions": propertyFunctions,
  "config/functions": configFunctions,
  "cron/cron-write": cronWrite,
  "domains/functions": domainsFunctions,
  "nginx-vhosts/functions": nginxFunctions,
  "nginx-vhosts/internal-functions": nginxInternalFunctions,
  "ps/functions": psFunctions,
};

/** The core plugin folders the files live in; each also gets its `$PLUGIN_AVAILABLE_PATH` link. */
export const BASH_PLUGINS: readonly string[] = [...new Set(Object.keys(BASH_FILES).map((path) => path.split("/")[0]!))].sort();

/** Names the binary answers to when called through a link (busybox style). */
export const MULTICALL_NAMES = ["dokku", "plugn", "sigil"] as const;
