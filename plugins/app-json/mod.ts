import { definePlugin } from "../../src/core/plugin.ts";
import { defineSetCommand } from "../../src/core/property-command.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { defineReportCommand } from "../../src/core/report-command.ts";
import { UserError } from "../../src/core/errors.ts";
import { APP_JSON, AppJsonProps, DEFAULT_APPJSON_PATH, SETTABLE } from "./schema.ts";
import {
  onCorePostDeploy,
  onCorePostExtract,
  onDeployParallelism,
  onGetContent,
  onPostAppCloneSetup,
  onPostAppRenameSetup,
  onPostDelete,
  onPostDeploy,
  onPostReleaseBuilder,
  onPreReleaseBuilder,
} from "./triggers.ts";

const appJsonSet = defineSetCommand({
  plugin: APP_JSON,
  description: "Set or clear an app-json property for an app",
  settable: SETTABLE,
  validate(key, value) {
    if (key === AppJsonProps.appjsonPath && (value.startsWith("/") || value.split("/").includes(".."))) {
      throw new UserError(`Invalid appjson-path specified: ${value} (a path inside the app's source tree)`);
    }
  },
});

const appJsonReport = defineReportCommand({
  plugin: APP_JSON,
  values: async (ctx, app) => ({
    "--app-json-selected": (await ctx.props.get(APP_JSON, app, AppJsonProps.appjsonPath)) ?? "",
    "--app-json-global-selected": (await ctx.props.get(APP_JSON, GLOBAL, AppJsonProps.appjsonPath)) ?? "",
    "--app-json-computed-selected": await ctx.props.computed(APP_JSON, app, AppJsonProps.appjsonPath, DEFAULT_APPJSON_PATH),
  }),
  globalValues: async (ctx) => ({
    "--app-json-global-selected": (await ctx.props.get(APP_JSON, GLOBAL, AppJsonProps.appjsonPath)) ?? "",
  }),
});

/** app.json (reference 10.5): env, formation and deploy tasks; other plugins read it through app-json-get-content. */
export const plugin = definePlugin({
  name: "app-json",
  description: "Manage app.json settings for an app",
  commands: [appJsonReport, appJsonSet],
  triggers: {
    "app-json-get-content": onGetContent,
    "app-json-process-deploy-parallelism": onDeployParallelism,
    "core-post-deploy": onCorePostDeploy,
    "core-post-extract": onCorePostExtract,
    "post-app-clone-setup": onPostAppCloneSetup,
    "post-app-rename-setup": onPostAppRenameSetup,
    "post-delete": onPostDelete,
    "post-deploy": onPostDeploy,
    "post-release-builder": onPostReleaseBuilder,
    "pre-release-builder": onPreReleaseBuilder,
  },
});
