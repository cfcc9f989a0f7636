/** Plugin and property namespace (`LIB/config/scheduler-swarm/<app|--global>/<key>`). */
export const SCHEDULER_SWARM = "scheduler-swarm";

/** The name `scheduler:set APP selected` takes and the scheduler triggers carry. */
export const SWARM = "swarm";

/** Service update settings, each settable per app or with `--global`, with its default. */
export const SETTINGS = {
  "update-order": "start-first",
  "update-parallelism": "1",
  "update-failure-action": "rollback",
  "placement-constraints": "",
  "max-replicas-per-node": "0",
} as const;

export type SettingKey = keyof typeof SETTINGS;

export const SETTING_KEYS = Object.keys(SETTINGS).sort() as SettingKey[];

export const SETTABLE = { keys: SETTING_KEYS, global: SETTING_KEYS } as const;

/** Swarm's manager port: what a node joins and what `initialize` listens on. */
export const SWARM_PORT = 2377;

/** The process type nginx routes to. */
export const WEB = "web";

/** How long a deploy waits for Swarm to converge (a rollout, a rollback) before it fails. */
export const CONVERGE_TIMEOUT_MS = 300_000;
