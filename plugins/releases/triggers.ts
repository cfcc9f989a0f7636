import { rm } from "node:fs/promises";
import { UserError } from "../../src/core/errors.ts";
import { ensureDir } from "../../src/core/fs-atomic.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import { chainHandlers, propertyLifecycle } from "../../src/core/property-lifecycle.ts";
import { commitRelease, currentRelease, prepareRelease } from "./lifecycle.ts";
import { RELEASES } from "./schema.ts";
import { listReleases, releasesDir, writeRelease } from "./store.ts";

/** `releases-prepare APP TAG [ROLLBACK_OF]`: the tag the deploy runs (see lifecycle.ts). */
export const onPrepare: TriggerHandler<"releases-prepare"> = async (ctx, [app, tag, rollbackOf]) => {
  if (rollbackOf !== undefined && rollbackOf !== "" && !/^[0-9]+$/.test(rollbackOf)) throw new UserError(`Invalid release number: ${rollbackOf}`);
  const prepared = await prepareRelease(ctx, app, tag, rollbackOf ? Number(rollbackOf) : undefined);
  return prepared ? `${prepared}\n` : undefined;
};

/** `releases-current APP`: `release-N`, or nothing. */
export const onCurrent: TriggerHandler<"releases-current"> = async (ctx, [app]) => {
  const current = await currentRelease(ctx, app);
  return current ? `${current.tag}\n` : undefined;
};

/** `core-post-deploy APP PORT IP TAG`: a deploy of a prepared release is recorded. */
export const onCorePostDeploy: TriggerHandler<"core-post-deploy"> = async (ctx, [app, , , tag]) => {
  await commitRelease(ctx, app, tag);
};

const lifecycle = propertyLifecycle(RELEASES);

export const onPostDelete = chainHandlers<"post-delete">(lifecycle["post-delete"], async (ctx, [app]) => {
  await rm(releasesDir(ctx, app), { recursive: true, force: true });
});

/**
 * `post-app-rename-setup OLD NEW`: the history moves with the app, but the images were OLD's
 * (`dokku/OLD:release-N`, removed with OLD): every moved release is marked pruned.
 */
export const onPostAppRenameSetup = chainHandlers<"post-app-rename-setup">(lifecycle["post-app-rename-setup"], async (ctx, [from, to]) => {
  await ensureDir(releasesDir(ctx, to), { owner: ctx.props.owner });
  for (const record of await listReleases(ctx, from)) await writeRelease(ctx, to, { ...record, imagePruned: true });
  await rm(releasesDir(ctx, from), { recursive: true, force: true });
});

/** A clone starts without releases (it has its own images once built); only the settings are copied. */
export const onPostAppCloneSetup = lifecycle["post-app-clone-setup"];
