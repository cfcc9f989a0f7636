/** Plugin (and data directory) name. */
export const SCHEDULER_DOCKER_LOCAL = "scheduler-docker-local";

/** The scheduler name apps select (`scheduler:set APP selected docker-local`). */
export const DOCKER_LOCAL = "docker-local";

/** Seconds `docker container stop` waits before SIGKILL: `ps stop-timeout-seconds`' default (reference 7.3). */
export const DEFAULT_STOP_TIMEOUT_SECONDS = 30;

/** Seconds old containers keep running after the switch: checks `wait-to-retire`' default (reference 7.3). */
export const DEFAULT_WAIT_TO_RETIRE = 60;

export const SdlProps = {
  initProcess: "init-process",
  parallelScheduleCount: "parallel-schedule-count",
  /** Ours: `--shm-size` of the app's deploy containers. */
  shmSize: "shm-size",
} as const;

/** `scheduler-docker-local:set` keys; all of them may be set globally (Dokku 0.38). */
export const SETTABLE = {
  keys: [SdlProps.initProcess, SdlProps.parallelScheduleCount, SdlProps.shmSize],
  global: [SdlProps.initProcess, SdlProps.parallelScheduleCount, SdlProps.shmSize],
} as const;

/** `--shm-size` values docker accepts: a number with an optional b, k, m or g unit. */
export const SHM_SIZE = /^[0-9]+[bkmgBKMG]?$/;

/** Process types whose containers are started one type after the other (web always first). */
export const WEB = "web";

/** Image label linuxserver.io images carry; they bring their own init (reference 7.3). */
export const VENDOR_LABEL = "org.opencontainers.image.vendor";
