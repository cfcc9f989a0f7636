import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { readConfig } from "../../src/core/config-api.ts";
import type { Ctx } from "../../src/core/context.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import { releaseLabels } from "../../src/docker/labels.ts";
import { scratchDir } from "./build-steps.ts";
import { RELEASE } from "./dockerfiles.ts";
import { DEFAULT_APP_USER, imageRepo } from "./schema.ts";

/**
 * `builder-release herokuish APP TAG` (reference 6.3): builds the release image (app user,
 * release labels) over `dokku/APP:TAG`. The config is not baked in (see RELEASE).
 */
export const onBuilderRelease: TriggerHandler<"builder-release"> = async (ctx, [builder, app, tag = "latest"]) => {
  if (builder !== "herokuish" || !app) return;
  const image = `${imageRepo(app)}:${tag || "latest"}`;
  const appUser = (await readConfig(ctx, app, "app")).get("DOKKU_APP_USER") || DEFAULT_APP_USER;
  await ctx.triggers.notify("pre-release-buildpack", app, tag);
  await using scratch = await scratchDir(ctx, "builder-release");
  await ctx.triggers.notify("pre-release-builder", "herokuish", app, image);
  await buildOver(ctx, scratch.path, "release.Dockerfile", RELEASE, image, appUser, releaseLabels(app));
  await ctx.triggers.notify("post-release-buildpack", app, tag);
  await ctx.triggers.notify("post-release-builder", "herokuish", app, image);
};

/** Builds `text` over `image` as `image`; the pre-release stage repeats the labels the image already has. */
async function buildOver(ctx: Ctx, dir: string, name: string, text: string, image: string, user: string, labels: Record<string, string>): Promise<void> {
  await writeFile(join(dir, name), text);
  await (await ctx.docker()).buildImage({
    context: dir,
    dockerfile: join(dir, name),
    labels,
    buildArgs: { APP_IMAGE: image, DOKKU_APP_USER: user },
    tags: [image],
  }, { failure: "Failure injecting environment variables" });
}
