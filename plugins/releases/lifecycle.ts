import { createHash } from "node:crypto";
import { readConfig } from "../../src/core/config-api.ts";
import type { Ctx } from "../../src/core/context.ts";
import { GLOBAL } from "../../src/core/props.ts";
import { DEFAULT_KEEP, RELEASES, type ReleaseRecord, ReleasesProps, releaseNumber, releaseTag } from "./schema.ts";
import { listReleases, readPending, removePending, writePending, writeRelease } from "./store.ts";

/** sha256 of the merged config (sorted `[key, value]` pairs as JSON): tells config changes apart without storing values. */
export function configDigest(config: ReadonlyMap<string, string>): string {
  const pairs = [...config.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash("sha256").update(JSON.stringify(pairs)).digest("hex");
}

/**
 * Before a deploy (`releases-prepare`): the release `dokku/APP:TAG` becomes. The current release
 * again when neither its image nor the config changed (a restart, a scale); else the next number,
 * whose `release-N` tag is put on the image now and whose record is written once the deploy's
 * traffic switch happened (`commitRelease`). Undefined when the image does not exist.
 */
export async function prepareRelease(ctx: Ctx, app: string, tag: string, rollbackOf?: number): Promise<string | undefined> {
  const docker = await ctx.docker();
  const info = await docker.inspectImage(`dokku/${app}:${tag}`);
  if (!info) return undefined;
  const config = await readConfig(ctx, app, "merged");
  const digest = configDigest(config);
  const releases = await listReleases(ctx, app);
  const current = releases[0];
  if (current && rollbackOf === undefined && current.imageId === info.id && current.configDigest === digest) {
    // The release tag normally still names this image (inspect lists every tag of it): no write then.
    if (!info.tags.includes(`dokku/${app}:${current.tag}`)) await docker.tagImage(info.id, `dokku/${app}:${current.tag}`);
    await dropPending(ctx, app);
    return current.tag;
  }
  const number = (current?.number ?? 0) + 1;
  const sameImage = releases.find((r) => r.imageId === info.id);
  await docker.tagImage(info.id, `dokku/${app}:${releaseTag(number)}`);
  await writePending(ctx, app, {
    number,
    tag: releaseTag(number),
    imageId: info.id,
    configDigest: digest,
    sourceRev: sameImage?.sourceRev ?? config.get("GIT_REV") ?? "",
    buildId: sameImage?.buildId ?? ctx.env.vars.DOKKU_BUILD_ID ?? "",
    createdAt: "",
    user: ctx.caller.name,
    ...(rollbackOf !== undefined ? { rollbackOf } : {}),
  });
  return releaseTag(number);
}

/** A prepared release whose deploy never switched traffic: its record and its tag go. */
async function dropPending(ctx: Ctx, app: string): Promise<void> {
  const pending = await readPending(ctx, app);
  if (!pending) return;
  await removePending(ctx, app);
  await (await ctx.docker()).removeImage(`dokku/${app}:${pending.tag}`);
}

/** `core-post-deploy APP PORT IP TAG`: the deploy of `release-N` switched traffic; its record is written. */
export async function commitRelease(ctx: Ctx, app: string, tag: string): Promise<void> {
  const number = releaseNumber(tag);
  const pending = number === undefined ? undefined : await readPending(ctx, app);
  if (!pending || pending.number !== number) return;
  await writeRelease(ctx, app, { ...pending, createdAt: new Date().toISOString() });
  await removePending(ctx, app);
  await pruneImages(ctx, app);
}

/** `keep` (app, else global, else 5). */
export async function keepCount(ctx: Ctx, app: string): Promise<number> {
  const value = app === GLOBAL ? await ctx.props.get(RELEASES, GLOBAL, ReleasesProps.keep) : await ctx.props.computed(RELEASES, app, ReleasesProps.keep, "");
  return value && /^[0-9]+$/.test(value) && Number(value) >= 1 ? Number(value) : DEFAULT_KEEP;
}

/**
 * Untags the images of releases older than the last `keep` (never the current one). An image
 * still tagged otherwise, or used by a container (an old container not yet retired), stays; the
 * release is marked pruned once its tag is gone.
 */
export async function pruneImages(ctx: Ctx, app: string): Promise<void> {
  const keep = await keepCount(ctx, app);
  const docker = await ctx.docker();
  for (const record of (await listReleases(ctx, app)).slice(keep)) {
    if (record.imagePruned) continue;
    const outcome = await docker.removeImage(`dokku/${app}:${record.tag}`);
    if (outcome === "in-use") continue;
    await writeRelease(ctx, app, { ...record, imagePruned: true });
  }
}

/** The current release: the newest record, when its image is still tagged. */
export async function currentRelease(ctx: Ctx, app: string): Promise<ReleaseRecord | undefined> {
  const current = (await listReleases(ctx, app))[0];
  if (!current) return undefined;
  const info = await (await ctx.docker()).inspectImage(`dokku/${app}:${current.tag}`);
  return info ? current : undefined;
}
