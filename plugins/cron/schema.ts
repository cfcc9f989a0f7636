/** Property namespace of the cron plugin (`LIB/config/cron/<app|--global>/<key>`). */
export const CRON = "cron";

export const CronProps = {
  mailfrom: "mailfrom",
  mailto: "mailto",
  maintenance: "maintenance",
} as const;

/** `maintenance.<cron id>`: one task suspended (cron:suspend), per app only. */
export const MAINTENANCE_PREFIX = "maintenance.";

/** `cron:set` keys; mailfrom and mailto are global only, maintenance either. */
export const SETTABLE = {
  keys: [CronProps.mailfrom, CronProps.mailto, CronProps.maintenance],
  global: [CronProps.mailfrom, CronProps.mailto, CronProps.maintenance],
} as const;

export const CONCURRENCY_POLICIES = ["allow", "forbid", "replace"] as const;
export type ConcurrencyPolicy = (typeof CONCURRENCY_POLICIES)[number];

/** Labels of cron containers (besides run's), read to enforce concurrency policies. */
export const CRON_LABELS = {
  cronId: "com.dokku.cron-id",
  concurrencyPolicy: "com.dokku.concurrency-policy",
} as const;

/**
 * How cron:run hands the task to `scheduler-run` (Dokku's names: the scheduler, a community one
 * too, reads them from its environment).
 */
export const CRON_RUN_ENV = {
  cronId: "DOKKU_CRON_ID",
  concurrencyPolicy: "DOKKU_CONCURRENCY_POLICY",
  detach: "DOKKU_DETACH_CONTAINER",
  disableTty: "DOKKU_DISABLE_TTY",
  removeContainer: "DOKKU_RM_CONTAINER",
  ttlSeconds: "DOKKU_RUN_TTL_SECONDS",
} as const;

/**
 * Whose crontab holds the tasks and what its lines run. Dokku writes the `dokku` user's crontab
 * with `dokku cron:run ...` lines; both are overridable through the environment so that a test
 * host never touches a real user's crontab.
 */
export const CRONTAB_ENV = {
  /** Owner of the crontab (default: DOKKU_SYSTEM_USER). */
  user: "DOKKU_CRONTAB_USER",
  /** The dokku command the crontab lines call (default `dokku`, found on cron's PATH). */
  command: "DOKKU_CRONTAB_COMMAND",
} as const;
