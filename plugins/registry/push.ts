import type { Ctx } from "../../src/core/context.ts";
import { DokkuError } from "../../src/core/errors.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import { splitReference } from "../../src/docker/api/images.ts";
import { LABELS, ownedBy } from "../../src/docker/labels.ts";
import { nextTagVersion, remoteImage } from "./names.ts";
import { REGISTRY, RegistryProps, localImageRepo } from "./schema.ts";
import { computedImageRepo, computedServerFor, extraTags, pushConfigDir, pushEnabled } from "./settings.ts";

/**
 * `post-release-builder BUILDER APP IMAGE` (reference 10.6): the release image also gets the
 * app's computed repository name; with `push-on-release` it is tagged `SERVER/REPO:N` (N the
 * next `tag-version`) and pushed, then each `push-extra-tags` tag. `tag-version` is written only
 * after the push succeeded, so a failed push leaves the deployed tag as it was; the previous
 * release's local registry tag is then removed, so pushed releases do not pile up on the host.
 */
export const onPostReleaseBuilder: TriggerHandler<"post-release-builder"> = async (ctx, [, app = "", image = ""]) => {
  if (!app || !image) return;
  const docker = await ctx.docker();
  const repo = await computedImageRepo(ctx, app);
  const { tag } = splitReference(image);
  if (repo !== localImageRepo(app) && (await docker.tagImage(image, `${repo}:${tag}`)) === "absent") {
    throw new DokkuError(`Unable to tag image ${image} as ${repo}:${tag}: the image does not exist`);
  }
  if (!(await pushEnabled(ctx, app))) return;

  ctx.log.step("Pushing image to registry");
  const previous = (await ctx.props.get(REGISTRY, app, RegistryProps.tagVersion))?.trim();
  const version = nextTagVersion(previous);
  const server = await computedServerFor(ctx, app);
  const configDir = await pushConfigDir(ctx, app);
  for (const pushTag of [String(version), ...(await extraTags(ctx, app))]) {
    const target = remoteImage(server, repo, pushTag);
    ctx.log.detail(`Tagging ${repo}:${pushTag} in registry format`);
    if ((await docker.tagImage(image, target)) === "absent") throw new DokkuError(`Unable to tag image ${image}: the image does not exist`);
    ctx.log.detail(`Pushing ${target}`);
    await docker.pushImage(target, { failure: `Unable to push image ${target}` }, { configDir });
  }
  await ctx.props.set(REGISTRY, app, RegistryProps.tagVersion, String(version));
  // The registry keeps every release; the host keeps only the current one's registry tag (the
  // image itself stays while a release tag or a container still uses it).
  if (previous) await docker.removeImage(remoteImage(server, repo, previous));
  ctx.log.detail(`Image ${repo}:${version} pushed`);
};

/**
 * `post-delete APP`: the local tags this plugin added (`REPO:*`, `SERVER/REPO:*`) go with the
 * app; the builder removes `dokku/APP:*`. Runs before the app's registry properties are removed.
 */
export async function removeRegistryTags(ctx: Ctx, app: string): Promise<void> {
  const docker = await ctx.docker();
  if (!(await docker.reachable())) return;
  const repo = await computedImageRepo(ctx, app).catch(() => localImageRepo(app));
  const server = await computedServerFor(ctx, app);
  const prefixes = [`${repo}:`, `${server}${repo}:`].filter((p) => !p.startsWith(`${localImageRepo(app)}:`));
  for (const image of await docker.listImages({ labels: { [LABELS.app]: app } })) {
    if (!ownedBy(image.labels, app)) continue;
    for (const t of image.tags) if (prefixes.some((p) => t.startsWith(p))) await docker.removeImage(t);
  }
}
