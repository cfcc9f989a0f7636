import { join } from "node:path";
import { UserError } from "../../src/core/errors.ts";
import { exists } from "../../src/core/fs-exists.ts";
import { definePlugin } from "../../src/core/plugin.ts";

/**
 * Cloud Native Buildpacks (reference 6.5): detection only. An app with `project.toml` is a pack
 * app, as in Dokku, so it is never built with herokuish by mistake; building it is refused with
 * a clear message until the pack builder exists (it needs the `pack` CLI and a builder image).
 */
export const plugin = definePlugin({
  name: "builder-pack",
  description: "Detects Cloud Native Buildpacks apps (project.toml)",
  triggers: {
    "builder-detect": async (_ctx, [, workdir]) => {
      if (!workdir) return;
      if (await exists(join(workdir, "project.toml"), "file")) return "pack\n";
    },
    "builder-build": (_ctx, [builder = "", app = ""]) => {
      if (builder !== "pack") return;
      throw new UserError(
        `The pack builder (Cloud Native Buildpacks, detected from project.toml) is not available in this version\n` +
          `Select another builder with 'dokku builder:set ${app} selected herokuish' or 'dokku builder:set ${app} selected dockerfile'`,
      );
    },
  },
});
