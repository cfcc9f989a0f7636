import { appArg } from "../../src/cli/shared-args.ts";
import type { Ctx } from "../../src/core/context.ts";
import { DokkuError } from "../../src/core/errors.ts";
import { defineCommand, definePlugin } from "../../src/core/plugin.ts";
import { LABELS } from "../../src/docker/labels.ts";

/** The herokuish build cache volume of an app (builder-herokuish creates it, labelled). */
function cacheVolume(app: string): string {
  return `cache-${app}`;
}

/** Removes the app's build cache volume; one labelled for another app is left alone. */
async function purgeCache(ctx: Ctx, app: string): Promise<void> {
  const docker = await ctx.docker();
  const volume = await docker.inspectVolume(cacheVolume(app));
  if (!volume) return;
  const owner = volume.labels[LABELS.app];
  if (owner !== undefined && owner !== app) {
    throw new DokkuError(`Volume ${cacheVolume(app)} belongs to app ${owner}, not removing it`);
  }
  await docker.removeVolume(cacheVolume(app), { force: true });
}

export const repoPurgeCache = defineCommand({
  name: "repo:purge-cache",
  description: "Deletes the contents of the build cache stored in the repository",
  args: appArg,
  async run(ctx, args) {
    await purgeCache(ctx, await ctx.apps.verify(args.app));
  },
});

export const repoGc = defineCommand({
  name: "repo:gc",
  description: "Runs 'git gc --aggressive' against the application's repo",
  args: appArg,
  async run(ctx, args) {
    const app = await ctx.apps.verify(args.app);
    await ctx.exec(["git", "gc", "--aggressive"], {
      env: { ...ctx.childEnv(), GIT_DIR: ctx.paths.appDir(app) },
      stdout: "inherit",
      stderr: "inherit",
    });
  },
});

export const plugin = definePlugin({
  name: "repo",
  description: "Manage the app's repository and build cache",
  commands: [repoGc, repoPurgeCache],
  triggers: {
    // dokku-compat: Dokku's repo plugin purges the cache when the app is destroyed.
    "pre-delete": async (ctx, [app]) => {
      if (!app) return;
      const docker = await ctx.docker();
      // Without a daemon there is no volume to remove, and destroying the app must still work.
      if (await docker.reachable()) await purgeCache(ctx, app);
      else ctx.log.trace(`docker unreachable, cache volume of ${app} not checked`);
    },
  },
});
