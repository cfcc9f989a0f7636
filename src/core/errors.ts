/** Base of every error we expect; `main.ts` turns it into ` !     message` and `exitCode`. */
export class DokkuError extends Error {
  readonly exitCode: number;
  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Bad input or a refused operation: the message is the whole story. */
export class UserError extends DokkuError {}

/** The app does not exist (Dokku exits 20 for this). */
export class AppNotFoundError extends DokkuError {
  constructor(app: string) {
    super(`App ${app} does not exist`, { exitCode: 20 });
  }
}

/** A child process or trigger failed; carries its exit code through to ours. */
export class ExitError extends DokkuError {}

/** Stops a command quietly with a given status (no message printed). */
export class SilentExit extends DokkuError {
  constructor(exitCode: number) {
    super("", { exitCode });
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** True when a node:fs error is "file not found". */
export function isNotFound(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "ENOENT";
}

/** Something on disk refuses us (EACCES, EPERM): `main.ts` prints the message and the chown that fixes `path`. */
export class PermissionError extends DokkuError {
  constructor(
    message: string,
    readonly path: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

/** True for node:fs "permission denied" failures (EACCES, EPERM). */
export function isPermissionDenied(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === "EACCES" || code === "EPERM";
}

/**
 * What to tell the user about a permission failure: a typed PermissionError as it is, a raw
 * node:fs one by the path it names. `path` is what to chown (for a raw error the directory
 * holding the file), `target` the exact path that refused. Undefined for any other error.
 */
export function permissionFailure(error: unknown): { message: string; path: string; target: string } | undefined {
  if (error instanceof PermissionError) return { message: error.message, path: error.path, target: error.path };
  const path = (error as { path?: unknown } | null)?.path;
  if (!isPermissionDenied(error) || typeof path !== "string") return undefined;
  const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) || "/" : path;
  return { message: `Permission denied: ${path}`, path: dir, target: path };
}
