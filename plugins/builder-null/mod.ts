import { definePlugin } from "../../src/core/plugin.ts";

/**
 * Dokku's null builder: never auto-detected, selected with `builder:set APP selected null`;
 * builds and releases nothing. dokku-compat: Dokku's plugin is silent; these lines say what
 * happened instead of leaving a gap in the push output.
 */
export const plugin = definePlugin({
  name: "builder-null",
  description: "A builder that does nothing",
  triggers: {
    "builder-build": (ctx, [builder = "", app = ""]) => {
      if (builder === "null") ctx.log.step(`Skipping build of ${app}: the null builder builds nothing`);
    },
    "builder-release": (ctx, [builder = ""]) => {
      if (builder === "null") ctx.log.detail("The null builder has no release step");
    },
  },
});
