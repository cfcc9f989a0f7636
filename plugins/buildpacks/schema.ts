/** Property namespace and keys of the buildpacks plugin (`LIB/config/buildpacks/<app|--global>/<key>`). */
export const BUILDPACKS = "buildpacks";

export const BuildpacksProps = {
  /** Ordered list, one URL per line. */
  list: "buildpacks",
  /** Builder image replacing `DOKKU_IMAGE` for herokuish builds. */
  stack: "stack",
} as const;

/** `buildpacks:set-property` keys (all of them may also be global). */
export const SETTABLE = { keys: [BuildpacksProps.stack], global: [BuildpacksProps.stack] } as const;
