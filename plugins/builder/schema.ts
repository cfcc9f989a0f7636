/** Property namespace of the builder plugin (`LIB/config/builder/<app|--global>/<key>`). */
export const BUILDER = "builder";

export const BuilderProps = {
  selected: "selected",
  detected: "detected",
  buildDir: "build-dir",
  skipCleanup: "skip-cleanup",
} as const;

/** `builder:set` keys; all of them also take `--global` (reference 6.1). */
export const SETTABLE = {
  keys: [BuilderProps.selected, BuilderProps.buildDir, BuilderProps.skipCleanup],
  global: [BuilderProps.selected, BuilderProps.buildDir, BuilderProps.skipCleanup],
} as const;

/** A builder name as it appears in `builder-*` plugin names. */
export const BUILDER_NAME = /^[a-z0-9][a-z0-9-]*$/;

/**
 * A `build-dir` is a path inside the source tree: relative, no `..`. Returns it without
 * surrounding slashes (Dokku trims them), or throws.
 */
export function normalizeBuildDir(value: string): string {
  const trimmed = value.replace(/^\/+|\/+$/g, "");
  const parts = trimmed.split("/");
  if (trimmed.includes("\0") || parts.some((p) => p === ".." || p === "")) throw new Error(`Invalid build-dir: ${value}`);
  return trimmed;
}
