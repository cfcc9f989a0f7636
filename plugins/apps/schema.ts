/** Property namespace and keys of the apps plugin (`LIB/config/apps/<app|--global>/<key>`). */
export const APPS = "apps";

export const AppsProps = {
  createdAt: "created-at",
  deploySource: "deploy-source",
  deploySourceMetadata: "deploy-source-metadata",
  disableAutocreation: "disable-autocreation",
} as const;

/** `apps:set` keys, and whether each is app-only or global-only. */
export const SETTABLE: Readonly<Record<string, "app" | "global">> = {
  "deploy-source": "app",
  "deploy-source-metadata": "app",
  "disable-autocreation": "global",
};
