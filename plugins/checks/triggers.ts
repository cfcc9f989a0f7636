import { UserError } from "../../src/core/errors.ts";
import { commitExtracted, copyCommitted, discardExtracted, extractFromSource, readExtracted } from "../../src/core/extracted-files.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import { chainHandlers, propertyLifecycle } from "../../src/core/property-lifecycle.ts";
import { checksFile } from "./check-deploy.ts";
import { parseChecksFile, renderChecksTemplate } from "./checks-file.ts";
import { validateHealthchecks } from "./healthcheck.ts";
import { CHECKS, CHECKS_DOCS_URL, CHECKS_FILE, ChecksProps, SETTABLE_KEYS, type SettableKey } from "./schema.ts";
import { computedNumber, readList } from "./settings.ts";

const lifecycle = propertyLifecycle(CHECKS);

/**
 * `core-post-extract APP WORKDIR REV`: the pushed CHECKS file becomes this deploy's copy (Dokku's
 * process-specific pattern), and both it and app.json's healthchecks are checked now, so a typo
 * fails the push before the build rather than the deploy after it.
 */
export const onCorePostExtract: TriggerHandler<"core-post-extract"> = async (ctx, [app, workdir]) => {
  const file = checksFile(ctx, app);
  if ((await extractFromSource(ctx, file, workdir, CHECKS_FILE)) === "extracted") {
    // Syntax only: app.json `env` (applied later, at pre-release-builder) may still set the
    // variables the template reads, so every variable renders as a placeholder here.
    const text = (await readExtracted(ctx, file)) ?? "";
    parseChecksFile(renderChecksTemplate(text, () => "placeholder"), { attempts: 1, wait: 0, timeout: 1 });
  }
  const appJson = (await ctx.triggers.query("app-json-get-content", app)).trim();
  try {
    validateHealthchecks(JSON.parse(appJson || "{}"));
  } catch (error) {
    if (error instanceof SyntaxError) throw new UserError("Invalid app.json file: not valid JSON");
    throw error;
  }
};

/** `core-post-deploy`: the deployed CHECKS file is committed (or removed when the push had none). */
export const onCorePostDeploy: TriggerHandler<"core-post-deploy"> = async (ctx, [app]) => {
  await commitExtracted(ctx, checksFile(ctx, app));
};

/**
 * `checks-get-property APP KEY`: what the scheduler needs. `wait-to-retire` and the other numeric
 * settings are computed (app, else global, else default); `disabled` and `skipped` are the stored
 * comma lists (`_all_` for every type, empty for none).
 */
export const onChecksGetProperty: TriggerHandler<"checks-get-property"> = async (ctx, [app, key]) => {
  if (key === ChecksProps.disabled || key === ChecksProps.skipped) return `${(await readList(ctx, app, key)).join(",")}\n`;
  if ((SETTABLE_KEYS as readonly string[]).includes(key)) return `${await computedNumber(ctx, app, key as SettableKey)}\n`;
  throw new UserError(`Invalid checks property specified: ${key} (valid: disabled, skipped, ${SETTABLE_KEYS.join(", ")})`);
};

/**
 * `post-release-builder BUILDER APP IMAGE`: Dokku's notice before a docker-local deploy, pointing
 * apps without web healthchecks at the docs.
 */
export const onPostReleaseBuilder: TriggerHandler<"post-release-builder"> = async (ctx, [, app]) => {
  if ((await ctx.triggers.query("scheduler-detect", app)).trim() !== "docker-local") return;
  ctx.log.header("Processing deployment checks");
  let json: { healthchecks?: { web?: unknown[] } };
  try {
    json = JSON.parse((await ctx.triggers.query("app-json-get-content", app)).trim() || "{}");
  } catch {
    return; // app-json refuses it with the reason
  }
  const hasChecksFile = ((await readExtracted(ctx, checksFile(ctx, app))) ?? "").trim() !== "";
  if ((json.healthchecks?.web?.length ?? 0) > 0 || hasChecksFile) return;
  ctx.log.detail("No web healthchecks found in app.json. Simple container checks will be performed.");
  ctx.log.detail(`For more efficient zero downtime deployments, add healthchecks to your app.json. See ${CHECKS_DOCS_URL} for examples`);
};

export const onPostDelete = lifecycle["post-delete"];

/**
 * Properties and the deployed CHECKS file follow the app through clone and rename. The file lives
 * where Dokku keeps it (the scheduler-docker-local data directory, removed with the app by that
 * plugin); this plugin is the one that writes it.
 */
export const onPostAppCloneSetup = chainHandlers<"post-app-clone-setup">(lifecycle["post-app-clone-setup"], async (ctx, [from, to]) => {
  await copyCommitted(checksFile(ctx, from), checksFile(ctx, to));
});

export const onPostAppRenameSetup = chainHandlers<"post-app-rename-setup">(lifecycle["post-app-rename-setup"], async (ctx, [from, to]) => {
  await copyCommitted(checksFile(ctx, from), checksFile(ctx, to));
  await discardExtracted(ctx, checksFile(ctx, from));
});
