/** Property and data namespace of the builds plugin (`LIB/data/builds/APP`, `LIB/config/builds`). */
export const BUILDS = "builds";

/** On-disk statuses; `abandoned` is computed when reading a `running` record whose process is gone. */
export type BuildStatus = "running" | "succeeded" | "failed" | "canceled";
export type DisplayStatus = BuildStatus | "abandoned";
export const DISPLAY_STATUSES: readonly DisplayStatus[] = ["running", "succeeded", "failed", "canceled", "abandoned"];

/** `build` makes a new image; `deploy` re-deploys an existing one (Dokku's kinds). */
export type BuildKind = "build" | "deploy";

/**
 * One build, as `<id>.json`. Dokku's fields (id, app, kind, pid, started_at, finished_at, status,
 * source, exit_code) plus what the pusher wants to know: rev, who (ssh key name), user (unix
 * user), duration_ms; and what a reader needs to judge liveness and clean up: pid_start, host,
 * workdir.
 */
export interface BuildRecord {
  id: string;
  app: string;
  kind: BuildKind;
  pid: number;
  /** Start time of `pid` in clock ticks (/proc), so a reused pid is not taken for the runner. */
  pid_start: string;
  host: string;
  started_at: string;
  finished_at?: string;
  duration_ms?: number;
  status: BuildStatus;
  source: string;
  exit_code?: number;
  rev: string;
  who: string;
  user: string;
  workdir?: string;
}

// dokku-compat: Dokku's source names (plugins/builds/builds.go); anything else is recorded as `unknown`.
const BUILD_SOURCES = ["git-hook", "ps:rebuild", "git:sync", "git:from-archive", "git:from-image", "git:load-image"] as const;
const DEPLOY_SOURCES = ["ps:restart", "ps:start", "deploy", "config-redeploy", "unknown"] as const;

/** The recorded source and its kind; unknown names map to `unknown` (kind deploy), as in Dokku. */
export function classifySource(source: string): { source: string; kind: BuildKind; known: boolean } {
  if ((BUILD_SOURCES as readonly string[]).includes(source)) return { source, kind: "build", known: true };
  if ((DEPLOY_SOURCES as readonly string[]).includes(source)) return { source, kind: "deploy", known: true };
  return { source: "unknown", kind: "deploy", known: false };
}

export function isTerminal(status: string): boolean {
  return status === "succeeded" || status === "failed" || status === "canceled";
}

/** Records kept per app unless `builds:set APP|--global retention N` says otherwise (Dokku's default). */
export const DEFAULT_RETENTION = 20;
export const RetentionProp = "retention";

/** Exit code Dokku records for canceled and reaped builds. */
export const NO_EXIT_CODE = -1;
