import { readdir, stat } from "node:fs/promises";
import * as v from "valibot";
import { AppNotFoundError, UserError, isNotFound } from "./errors.ts";
import type { Paths } from "./paths.ts";

const NEW_NAME = /^[a-z0-9][a-z0-9.-]*$/;
const OLD_NAME = /^[a-z0-9][a-z0-9._-]*$/;
/** An app name becomes a DNS label (`APP.example.com`) and a container name prefix. */
export const MAX_APP_NAME = 63;

// dokku-compat: messages asserted by upstream tests.
const MISSING = "Please specify an app to run the command on";
const INVALID = "App name must begin with lowercase alphanumeric character, and may only contain lowercase alphanumerics, dots, and hyphens";

/** Name rule for new apps (Dokku's `IsValidAppName`), plus a length cap Dokku lacks. */
export const NewAppName = v.pipe(
  v.string(MISSING),
  v.minLength(1, MISSING),
  v.regex(NEW_NAME, INVALID),
  v.check((name) => !name.includes(".."), INVALID),
  v.maxLength(MAX_APP_NAME, `App name must be at most ${MAX_APP_NAME} characters`),
);

/** Existing apps may also match Dokku's older rule (underscores allowed). */
export const ExistingAppName = v.pipe(v.string(MISSING), v.minLength(1, MISSING), v.regex(OLD_NAME, INVALID), v.check((n) => !n.includes(".."), INVALID));

export function parseNewAppName(name: unknown): string {
  const result = v.safeParse(NewAppName, name);
  if (!result.success) throw new UserError(result.issues[0].message);
  return result.output;
}

export function parseAppName(name: unknown): string {
  const result = v.safeParse(ExistingAppName, name);
  if (!result.success) throw new UserError(result.issues[0].message);
  return result.output;
}

/** App queries over `DOKKU_ROOT`: an app is a directory whose name does not start with `.` or an uppercase letter. */
export class Apps {
  constructor(private readonly paths: Paths) {}

  async list(): Promise<string[]> {
    let entries;
    try {
      entries = await readdir(this.paths.dokkuRoot, { withFileTypes: true });
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
    return entries
      .filter((e) => e.isDirectory() && !/^[.A-Z]/.test(e.name) && OLD_NAME.test(e.name))
      .map((e) => e.name)
      .sort();
  }

  async exists(app: string): Promise<boolean> {
    if (!v.is(ExistingAppName, app)) return false;
    try {
      return (await stat(this.paths.appDir(app))).isDirectory();
    } catch {
      return false;
    }
  }

  /** Validates the name and checks the app exists (exit 20 otherwise), as Dokku's `verify_app_name`. */
  async verify(app: unknown): Promise<string> {
    const name = parseAppName(app);
    if (!(await this.exists(name))) throw new AppNotFoundError(name);
    return name;
  }
}
