/** Plugin name. */
export const RUN = "run";

/** The scheduler whose specifics live in this plugin (`scheduler-run* docker-local ...`). */
export const DOCKER_LOCAL = "docker-local";

/** `--ttl-seconds` default: a one-off container may run for a day (reference 7.7). */
export const DEFAULT_TTL_SECONDS = 86400;

/** The shell of `run`/`enter` without a command, unless `scheduler shell` or DOKKU_APP_SHELL say otherwise. */
export const DEFAULT_SHELL = "/bin/bash";

/** Labels of one-off containers, beside the common ones in src/docker/labels.ts. */
export const RUN_LABELS = {
  containerType: "com.dokku.container-type",
  deadline: "com.dokku.active-deadline-seconds",
} as const;

/** `com.dokku.container-type` values: one-off containers are `run` (dokku run) and `cron`; app processes `deploy`. */
export const ONE_OFF_TYPES = ["run", "cron"] as const;

/**
 * How `run` hands its options to `scheduler-run` (Dokku's names, read from the environment so
 * that community scheduler plugins see them too).
 */
export const RUN_ENV = {
  detach: "DOKKU_DETACH_CONTAINER",
  disableTty: "DOKKU_DISABLE_TTY",
  forceTty: "DOKKU_FORCE_TTY",
  ttlSeconds: "DOKKU_RUN_TTL_SECONDS",
  removeContainer: "DOKKU_RM_CONTAINER",
  globalFlags: "DOKKU_GLOBAL_FLAGS",
  /** Set by cron:run: the container is a `cron` one (`APP.cron.N`), not a `run` one. */
  cronId: "DOKKU_CRON_ID",
} as const;

export type OneOffKind = (typeof ONE_OFF_TYPES)[number];

/** Dokku's boolean environment values. */
export function envFlag(value: string | undefined): boolean {
  return value === "1" || value === "true";
}
