import { DokkuError, errorMessage } from "../../core/errors.ts";

/** The HTTP status of a failed API call, when the daemon answered. */
export function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number } | null)?.statusCode;
}

/** The daemon's own words for a failed call, without docker-modem's `(HTTP code N) reason - ` prefix. */
export function apiMessage(error: unknown): string {
  const json = (error as { json?: { message?: unknown } } | null)?.json;
  if (typeof json?.message === "string") return json.message;
  return errorMessage(error).replace(/^\(HTTP code \d+\) [^-]*- /, "").trim();
}

/** A failed API call as a DokkuError with the daemon's own message. */
export function dockerError(error: unknown): DokkuError {
  return new DokkuError(`Docker: ${apiMessage(error)}`, { cause: error });
}

/**
 * A rejection handler that turns the listed HTTP statuses into values (the expected outcomes:
 * 404 absent, 304 already so, 409 not running) and rethrows everything else as a DokkuError.
 */
export function expected<const M extends Readonly<Record<number, unknown>>>(outcomes: M): (error: unknown) => M[keyof M] {
  return (error) => {
    const status = statusOf(error);
    if (status !== undefined && Object.hasOwn(outcomes, status)) return outcomes[status as keyof M];
    throw dockerError(error);
  };
}

/** Rethrows any rejection as a DokkuError. */
export function rethrow(error: unknown): never {
  throw dockerError(error);
}
