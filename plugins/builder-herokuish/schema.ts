/** Property namespace of the builder-herokuish plugin. */
export const BUILDER_HEROKUISH = "builder-herokuish";

export const HerokuishProps = {
  /** `true`/`false`: may herokuish build on this host (Dokku's arm64 opt-in). */
  allowed: "allowed",
} as const;

export const SETTABLE = { keys: [HerokuishProps.allowed], global: [HerokuishProps.allowed] } as const;

/** The unprivileged user herokuish images run apps as, unless config `DOKKU_APP_USER` says otherwise. */
export const DEFAULT_APP_USER = "herokuishuser";

/** The image repository a build produces: `dokku/APP`. */
export function imageRepo(app: string): string {
  return `dokku/${app}`;
}

/** The per-app buildpack cache volume, mounted at `/cache` during `/build`. */
export function cacheVolume(app: string): string {
  return `cache-${app}`;
}
