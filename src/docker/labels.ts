/** Labels Dokku puts on every object it creates; the code finds containers by these, not by name. */
export const LABELS = {
  app: "com.dokku.app-name",
  processType: "com.dokku.process-type",
  containerIndex: "com.dokku.container-index",
  imageStage: "com.dokku.image-stage",
  builder: "com.dokku.builder-type",
  release: "com.dokku.release",
  dyno: "com.dokku.dyno",
  /** `deploy`, `run` or `cron`: which kind of process container it is. */
  containerType: "com.dokku.container-type",
  /** Plain `dokku` label (DOKKU_CONTAINER_LABEL) from Dokku's global build/run args. */
  dokku: "dokku",
} as const;

/** Dokku's `DOKKU_GLOBAL_BUILD_ARGS` / `DOKKU_GLOBAL_RUN_ARGS` labels, as a map. */
export function globalLabels(): Record<string, string> {
  return { "org.label-schema.schema-version": "1.0", "org.label-schema.vendor": "dokku", [LABELS.dokku]: "" };
}

export function appLabels(app: string, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { ...globalLabels(), [LABELS.app]: app, ...extra };
}

/** Docker API filter for `label=k=v` pairs. */
export function labelFilter(labels: Readonly<Record<string, string>>): { label: string[] } {
  return { label: Object.entries(labels).map(([k, v]) => (v === "" ? k : `${k}=${v}`)) };
}

/** Ownership check before destructive calls: the object must carry the app's label. */
export function ownedBy(labels: Readonly<Record<string, string>> | undefined, app: string): boolean {
  return labels?.[LABELS.app] === app;
}

/** Build-stage labels Dokku puts on images built for APP (reference 6.2). */
export function buildLabels(app: string, builder: string): Record<string, string> {
  return appLabels(app, { [LABELS.imageStage]: "build", [LABELS.builder]: builder });
}

/** Release-stage labels (reference 6.2). */
export function releaseLabels(app: string): Record<string, string> {
  return appLabels(app, { [LABELS.imageStage]: "release" });
}
