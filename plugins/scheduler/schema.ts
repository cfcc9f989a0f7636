/** Property namespace of the scheduler plugin. */
export const SCHEDULER = "scheduler";

export const SchedulerProps = { selected: "selected" } as const;

export const SETTABLE = { keys: [SchedulerProps.selected], global: [SchedulerProps.selected] } as const;

/** Scheduler used when none is selected (reference 7.8). */
export const DEFAULT_SCHEDULER = "docker-local";

export const SCHEDULER_NAME = /^[a-z0-9][a-z0-9-]*$/;
