/** Property namespace of the checks plugin (`LIB/config/checks/<APP|--global>/<key>`). */
export const CHECKS = "checks";

/** Dokku's property names. */
export const ChecksProps = {
  /** Comma list of process types, or `_all_`: old containers stop before new ones start. */
  disabled: "disabled",
  /** Comma list of process types, or `_all_`: new containers are not checked. */
  skipped: "skipped",
  /** Seconds old containers keep running after the traffic switch. */
  waitToRetire: "wait-to-retire",
  /** Seconds a container must stay up when its process type has no healthchecks. */
  defaultWait: "default-wait",
  /** Defaults for healthchecks that do not set their own `attempts`, `timeout`, `wait`. */
  attempts: "attempts",
  timeout: "timeout",
  wait: "wait",
} as const;

/** Every process type (Dokku's list marker). */
export const ALL = "_all_";

/**
 * Keys `checks:set` accepts, all settable per app and globally.
 *
 * dokku-compat: Dokku 0.38's `checks:set` accepts only `wait-to-retire`, although its docs list
 * `default-wait`, `wait`, `timeout` and `attempts` as settings (and its install trigger migrates
 * the old DOKKU_CHECKS_* variables into them). All documented keys are accepted here, and
 * check-deploy honours them.
 */
export const SETTABLE_KEYS = [
  ChecksProps.attempts,
  ChecksProps.defaultWait,
  ChecksProps.timeout,
  ChecksProps.wait,
  ChecksProps.waitToRetire,
] as const;

export type SettableKey = (typeof SETTABLE_KEYS)[number];

/**
 * Computed values when neither the app nor `--global` sets a key.
 *
 * dokku-compat: Dokku's docs give 5/30/5 for wait/timeout/attempts, but its check-deploy never
 * passes them to the healthchecker, whose own defaults (wait 5, timeout 5, attempts 3) are what a
 * Dokku host actually uses; those are the defaults here.
 */
export const DEFAULTS: Readonly<Record<SettableKey, number>> = {
  [ChecksProps.attempts]: 3,
  [ChecksProps.defaultWait]: 10,
  [ChecksProps.timeout]: 5,
  [ChecksProps.wait]: 5,
  [ChecksProps.waitToRetire]: 60,
};

/** Smallest value each key accepts (attempts and timeout of 0 would make every check fail). */
export const MINIMUMS: Readonly<Record<SettableKey, number>> = {
  [ChecksProps.attempts]: 1,
  [ChecksProps.defaultWait]: 0,
  [ChecksProps.timeout]: 1,
  [ChecksProps.wait]: 0,
  [ChecksProps.waitToRetire]: 0,
};

/** Process type names as Procfiles allow them. */
export const PROCESS_TYPE = /^[A-Za-z0-9_-]{1,63}$/;

/** Where Dokku keeps the CHECKS file taken from the pushed source. */
export const CHECKS_DATA_PLUGIN = "scheduler-docker-local";
export const CHECKS_FILE = "CHECKS";

/** Lines of the container's log shown when its checks fail. */
export const FAILURE_LOG_LINES = 100;

/** The zero-downtime docs, named in the notice for apps without web healthchecks. */
export const CHECKS_DOCS_URL = "https://dokku.com/docs/deployment/zero-downtime-deploys/";
