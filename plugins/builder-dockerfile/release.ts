import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import { releaseLabels } from "../../src/docker/labels.ts";

/**
 * `builder-release dockerfile APP TAG` (reference 6.4): a one-line `FROM` build adds the
 * release labels over `dokku/APP:TAG`. Config is not baked in; it reaches containers at start.
 */
export const onBuilderRelease: TriggerHandler<"builder-release"> = async (ctx, [builder, app, tag = "latest"]) => {
  if (builder !== "dockerfile" || !app) return;
  const image = `dokku/${app}:${tag || "latest"}`;
  await ctx.triggers.notify("pre-release-dockerfile", app, tag);
  await ctx.triggers.notify("pre-release-builder", "dockerfile", app, image);
  const dir = await mkdtemp(join(tmpdir(), `dokku-${ctx.env.vars.DOKKU_PID ?? process.pid}-builder-release.`));
  try {
    await writeFile(join(dir, "release.Dockerfile"), "ARG APP_IMAGE\nFROM $APP_IMAGE\n");
    await (await ctx.docker()).buildImage({
      context: dir,
      dockerfile: join(dir, "release.Dockerfile"),
      labels: releaseLabels(app),
      buildArgs: { APP_IMAGE: image },
      tags: [image],
    }, { failure: "Failure adding release labels" });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  await ctx.triggers.notify("post-release-dockerfile", app, tag);
  await ctx.triggers.notify("post-release-builder", "dockerfile", app, image);
};
