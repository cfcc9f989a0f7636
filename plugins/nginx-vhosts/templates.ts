import { existsSync } from "node:fs";
import { readFile, realpath, rm, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve } from "node:path";
import type { Ctx } from "../../src/core/context.ts";
import { UserError, errorMessage, isNotFound } from "../../src/core/errors.ts";
import { writeFileAtomic } from "../../src/core/fs-atomic.ts";
import { BUILTIN_TEMPLATE } from "./template.ts";

export interface ChosenTemplate {
  readonly kind: "built-in" | "plugin-supplied" | "app-supplied";
  readonly text: string;
}

/** A template larger than this is refused: nginx configs are kilobytes. */
const MAX_TEMPLATE = 1024 * 1024;

/** `LIB/data/nginx-vhosts/app-APP/nginx.conf.sigil`: the app's template from its last deployed source. */
export function appTemplateFile(ctx: Ctx, app: string): string {
  return join(ctx.paths.dataDir("nginx-vhosts"), `app-${app}`, "nginx.conf.sigil");
}

/** App-supplied (unless disabled), else a plugin's (`nginx-app-template-source`), else the built-in one. */
export async function chooseTemplate(ctx: Ctx, app: string, disableCustom: boolean): Promise<ChosenTemplate> {
  if (!disableCustom && existsSync(appTemplateFile(ctx, app))) return { kind: "app-supplied", text: await readFile(appTemplateFile(ctx, app), "utf8") };
  const source = (await ctx.triggers.query("nginx-app-template-source", app, "app-config")).trim();
  if (source && existsSync(source)) return { kind: "plugin-supplied", text: await readFile(source, "utf8") };
  return { kind: "built-in", text: BUILTIN_TEMPLATE };
}

/**
 * The template file an app's source supplies at `nginx-conf-sigil-path`, or undefined. The path
 * must stay inside the source tree (a symlink out of it is refused).
 */
export async function findSourceTemplate(workdir: string, path: string): Promise<string | undefined> {
  const wanted = resolve(workdir, path);
  const inside = (p: string, root: string) => !relative(root, p).startsWith("..") && !isAbsolute(relative(root, p));
  if (!inside(wanted, workdir)) throw new UserError(`nginx-conf-sigil-path ${path} leaves the app's source tree`);
  let real: string;
  try {
    real = await realpath(wanted);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  if (!inside(real, await realpath(workdir))) throw new UserError(`nginx-conf-sigil-path ${path} leaves the app's source tree`);
  const info = await stat(real);
  if (!info.isFile()) return undefined;
  if (info.size > MAX_TEMPLATE) throw new UserError(`${path} is larger than ${MAX_TEMPLATE} bytes`);
  return readFile(real, "utf8").catch((error: unknown) => {
    throw new UserError(`Cannot read ${path}: ${errorMessage(error)}`);
  });
}

export async function storeAppTemplate(ctx: Ctx, app: string, text: string | undefined): Promise<void> {
  if (text === undefined) await rm(appTemplateFile(ctx, app), { force: true });
  else await writeFileAtomic(appTemplateFile(ctx, app), text, { mode: 0o644, owner: ctx.props.owner });
}
