// What an `enter` session needs besides the target: the scheduler check, the terminal decision,
// the image's exec convention and the app's shell.
import type { Ctx } from "../../src/core/context.ts";
import type { TriggerHandler } from "../../src/core/plugin.ts";
import type { TriggerName } from "../../src/core/trigger-catalog.ts";
import type { ImageInfo } from "../../src/docker/engine.ts";
import { LABELS } from "../../src/docker/labels.ts";

/** The shell when no command is given, unless `scheduler shell` or DOKKU_APP_SHELL say otherwise. */
export const DEFAULT_SHELL = "/bin/bash";

/** Runs `handler` only when the trigger's first argument names docker-local, as Dokku's scripts check. */
export function whenDockerLocal<N extends TriggerName>(handler: TriggerHandler<N>): TriggerHandler<N> {
  return (ctx, args, io) => (args[0] === "docker-local" ? handler(ctx, args, io) : undefined);
}

/** DOKKU_FORCE_TTY, else not with DOKKU_DISABLE_TTY, else when stdin and stdout are terminals (`has_tty`). */
export function wantsTty(ctx: Ctx): boolean {
  const flag = (name: string) => ctx.env.vars[name] === "1" || ctx.env.vars[name] === "true";
  if (flag("DOKKU_FORCE_TTY")) return true;
  if (flag("DOKKU_DISABLE_TTY")) return false;
  return ctx.runtime.isTerminal(0) && ctx.runtime.isTerminal(1);
}

/**
 * herokuish images run commands through `/exec` (buildpack environment): builder-type label
 * herokuish, or no builder label and the herokuish user (reference 6.2).
 */
export function isHerokuish(image: ImageInfo | undefined, appUser = "herokuishuser"): boolean {
  if (!image) return false;
  const builder = image.labels[LABELS.builder];
  return builder ? builder === "herokuish" : image.env.includes(`USER=${appUser}`);
}

/**
 * `scheduler shell` (app, else global), else the app's DOKKU_APP_SHELL, else /bin/bash.
 * dokku-compat: the property is read from the scheduler plugin's files (Dokku's layout); no
 * trigger exposes it.
 */
export async function appShell(ctx: Ctx, app: string, config: ReadonlyMap<string, string>): Promise<string> {
  return (await ctx.props.computed("scheduler", app, "shell", "")) || config.get("DOKKU_APP_SHELL") || DEFAULT_SHELL;
}
