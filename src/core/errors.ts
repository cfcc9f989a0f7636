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
