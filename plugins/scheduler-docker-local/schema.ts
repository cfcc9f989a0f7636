/** Plugin (and data directory) name. */
export const SCHEDULER_DOCKER_LOCAL = "scheduler-docker-local";

/** The scheduler name apps select (`scheduler:set APP selected docker-local`). */
export const DOCKER_LOCAL = "docker-local";

/** Seconds `docker container stop` waits before SIGKILL: `ps stop-timeout-seconds`' default (reference 7.3). */
export const DEFAULT_STOP_TIMEOUT_SECONDS = 30;
