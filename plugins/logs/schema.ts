/** Plugin name and property namespace. */
export const LOGS = "logs";

export const LogsProps = {
  maxSize: "max-size",
  vectorSink: "vector-sink",
} as const;

/** Docker's json-file `max-size` when neither the app nor the host sets one (Dokku's global default). */
export const DEFAULT_MAX_SIZE = "10m";

/** Accepted `max-size` values: a number with a k, m or g unit, or `unlimited` (no log option at all). */
export const MAX_SIZE = /^([1-9][0-9]*[kmg]|unlimited)$/;

// dokku-compat: vector-sink is a Dokku property whose log shipping (a vector container) is not
// implemented here; it is listed and reported, and setting a value is refused.
export const SETTABLE = { keys: [LogsProps.maxSize, LogsProps.vectorSink], global: [LogsProps.maxSize, LogsProps.vectorSink] } as const;

/** Log drivers that take `--log-opt max-size` (others refuse the option at container create). */
export const MAX_SIZE_DRIVERS: ReadonlySet<string> = new Set(["json-file", "local"]);

/** `dokku logs` lines per container when `-n` is not given. */
export const DEFAULT_LINES = 100;

/** ANSI colours cycled over containers on a terminal (Dokku's order). */
export const COLORS = [36, 33, 32, 35, 31] as const;
